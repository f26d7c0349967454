package dev.touchpoint.journey.credit;

/**
 * The probability of absorbing in {@code CONVERSION} from each transient state of an absorbing
 * Markov chain, solved directly: {@code x = Q x + r}, i.e. {@code (I - Q) x = r}, by Gaussian
 * elimination with partial pivoting. A direct solve answers to rounding error in
 * O(states^3), where iterating would need a tolerance and an iteration count that cycles
 * between channels can make large.
 */
final class AbsorbingChain {

    private AbsorbingChain() {
    }

    /**
     * @param q transient-to-transient probabilities, square; each row with {@code r} adds up to
     *          at most 1 (the rest goes to {@code NULL})
     * @param r each transient state's probability of moving straight to {@code CONVERSION}
     * @return each state's absorption probability in {@code CONVERSION}
     */
    static double[] conversionProbabilities(double[][] q, double[] r) {
        int n = r.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i == j ? 1 : 0) - q[i][j];
            }
            a[i][n] = r[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            if (a[col][col] == 0) {
                // Cannot happen when every state can reach absorption, which observed paths guarantee.
                throw new IllegalStateException("singular system: a state never absorbs");
            }
            for (int row = col + 1; row < n; row++) {
                double factor = a[row][col] / a[col][col];
                if (factor != 0) {
                    for (int k = col; k <= n; k++) {
                        a[row][k] -= factor * a[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = a[i][n];
            for (int j = i + 1; j < n; j++) {
                sum -= a[i][j] * x[j];
            }
            x[i] = sum / a[i][i];
        }
        return x;
    }
}
