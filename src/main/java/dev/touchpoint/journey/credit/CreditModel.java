package dev.touchpoint.journey.credit;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.touchpoint.journey.CreditKey;

/**
 * The rule models of channel credit (SPEC §3): how one unit of advancement or loop-back credit
 * is split over a move's touchpoints {@code t1 ... tn} ({@code n >= 2}). Every model's weights
 * add up to 1, so the credits of a stage add up to its forward and loop-back visits.
 */
public enum CreditModel {
    FIRST("first"),
    LAST("last"),
    LINEAR("linear"),
    POSITION("position"),
    TIME_DECAY("timeDecay");

    private final String apiName;

    CreditModel(String apiName) {
        this.apiName = apiName;
    }

    /** The name the API takes in {@code model=}. */
    public String apiName() {
        return apiName;
    }

    /** The model of an API name, or null when it is none (markov is not a rule model). */
    public static CreditModel fromApiName(String name) {
        return Arrays.stream(values()).filter(m -> m.apiName.equals(name)).findFirst().orElse(null);
    }

    /**
     * @param times    the touchpoints' timestamps in journey order, at least two
     * @param halfLife for {@link #TIME_DECAY}: the age at which a touchpoint weighs half as much as {@code tn}; positive
     * @return one weight per touchpoint, adding up to 1
     */
    public double[] weights(List<Instant> times, Duration halfLife) {
        int n = times.size();
        if (n < 2) {
            throw new IllegalArgumentException("a move has at least two touchpoints, got " + n);
        }
        double[] weights = new double[n];
        switch (this) {
            case FIRST -> weights[0] = 1;
            case LAST -> weights[n - 1] = 1;
            case LINEAR -> Arrays.fill(weights, 1.0 / n);
            case POSITION -> {
                if (n == 2) {
                    Arrays.fill(weights, 0.5);
                } else {
                    Arrays.fill(weights, 0.2 / (n - 2));
                    weights[0] = 0.4;
                    weights[n - 1] = 0.4;
                }
            }
            case TIME_DECAY -> timeDecay(times, halfLife, weights);
        }
        return weights;
    }

    /**
     * The weight of one touchpoint of a move of {@code n} touchpoints by its role alone, as
     * {@link #weights} gives it: every model but {@link #TIME_DECAY}, whose weights depend on the
     * timestamps ({@link #byRole}).
     *
     * @param role {@link CreditKey#FIRST}, {@link CreditKey#MIDDLE} or {@link CreditKey#LAST}
     */
    public double weight(int role, int n) {
        return switch (this) {
            case FIRST -> role == CreditKey.FIRST ? 1 : 0;
            case LAST -> role == CreditKey.LAST ? 1 : 0;
            case LINEAR -> 1.0 / n;
            case POSITION -> n == 2 ? 0.5 : role == CreditKey.MIDDLE ? 0.2 / (n - 2) : 0.4;
            case TIME_DECAY -> throw new IllegalStateException("timeDecay weighs touchpoints by their timestamps");
        };
    }

    /** Whether {@link #weight} answers: a touchpoint's role and its move's size decide its weight. */
    public boolean byRole() {
        return this != TIME_DECAY;
    }

    private static void timeDecay(List<Instant> times, Duration halfLife, double[] weights) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive, was " + halfLife);
        }
        double halfLifeSeconds = seconds(halfLife);
        Instant last = times.get(times.size() - 1);
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            // tn is the latest touchpoint, so every exponent is <= 0 and tn's weight is 1 before normalising.
            weights[i] = Math.pow(2, -seconds(Duration.between(times.get(i), last)) / halfLifeSeconds);
            sum += weights[i];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
    }

    private static double seconds(Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
