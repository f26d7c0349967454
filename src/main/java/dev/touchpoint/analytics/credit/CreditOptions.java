package dev.touchpoint.analytics.credit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import dev.touchpoint.error.FieldError;
import dev.touchpoint.error.ProblemException;
import dev.touchpoint.journey.credit.CreditModel;

/**
 * The options of channel credit (docs/api.md): {@code model} (default {@code linear}),
 * {@code halfLife} (default P7D, read by {@code timeDecay}), {@code target} (read by {@code markov}) and no
 * {@code breakdown}. A parameter is checked whenever it is
 * given, even where its model does not read it, so that a typo never passes silently.
 *
 * @param model    the rule model, or null for {@code markov}
 * @param halfLife the time-decay half-life, positive
 * @param target   the stage key markov counts as converted, or null for the default; checked against the
 *                 funnel's stages by the service
 */
public record CreditOptions(CreditModel model, Duration halfLife, String target) {

    public static final String MARKOV = "markov";
    public static final CreditModel DEFAULT_MODEL = CreditModel.LINEAR;
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(7);

    public boolean markov() {
        return model == null;
    }

    /** Throws one 400 problem naming every bad parameter. */
    public static CreditOptions parse(String model, String halfLife, String target, String breakdown) {
        List<FieldError> errors = new ArrayList<>();
        CreditModel rule = model == null ? DEFAULT_MODEL : CreditModel.fromApiName(model);
        if (rule == null && !MARKOV.equals(model)) {
            errors.add(new FieldError("model", "enum",
                    "model must be first, last, linear, position, timeDecay or markov."));
        }
        Duration half = halfLife == null ? DEFAULT_HALF_LIFE : halfLife(halfLife, errors);
        if (breakdown != null) {
            errors.add(new FieldError("breakdown", "unsupported",
                    "channels answers per channel already and takes no breakdown."));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The query breaks " + errors.size() + " rule(s).", errors);
        }
        return new CreditOptions(rule, half, target);
    }

    private static Duration halfLife(String value, List<FieldError> errors) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                errors.add(new FieldError("halfLife", "range", "halfLife must be more than zero."));
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("halfLife", "format",
                    "halfLife must be an ISO-8601 duration in days, hours, minutes or seconds, e.g. P7D or PT12H."));
            return null;
        }
    }
}
