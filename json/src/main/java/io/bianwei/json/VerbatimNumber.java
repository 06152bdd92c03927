package io.bianwei.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number that keeps the text it was read as and is written back as exactly that text: {@code 1E2} stays
 * {@code 1E2} (not {@code 100.0}), {@code 1e400} stays {@code 1e400} (not {@code "Infinity"}),
 * {@code 0.10000000000000000555} keeps every digit and {@code -0} its sign. Its numeric views are computed on demand.
 */
final class VerbatimNumber extends NumericNode {
    private static final long serialVersionUID = 1L;
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String text;
    private final boolean integral;

    /** @param text a valid JSON number, as read; {@code integral} when it has no fraction and no exponent */
    VerbatimNumber(String text, boolean integral) {
        this.text = text;
        this.integral = integral;
    }

    @Override
    public JsonToken asToken() {
        return integral ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
    }

    @Override
    public JsonParser.NumberType numberType() {
        if (!integral) {
            return JsonParser.NumberType.BIG_DECIMAL;
        }
        BigInteger b = bigIntegerValue();
        return fits(b, INT_MIN, INT_MAX) ? JsonParser.NumberType.INT
                : fits(b, LONG_MIN, LONG_MAX) ? JsonParser.NumberType.LONG : JsonParser.NumberType.BIG_INTEGER;
    }

    @Override
    public boolean isIntegralNumber() {
        return integral;
    }

    @Override
    public boolean isFloatingPointNumber() {
        return !integral;
    }

    @Override
    public Number numberValue() {
        return switch (numberType()) {
            case INT -> intValue();
            case LONG -> longValue();
            case BIG_INTEGER -> bigIntegerValue();
            default -> decimalValue();
        };
    }

    @Override
    public int intValue() {
        return integral ? bigIntegerValue().intValue() : (int) doubleValue();
    }

    @Override
    public long longValue() {
        return integral ? bigIntegerValue().longValue() : (long) doubleValue();
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    /** The exact value; throws {@link NumberFormatException} for an exponent beyond what BigDecimal holds. */
    @Override
    public BigDecimal decimalValue() {
        return new BigDecimal(text);
    }

    @Override
    public BigInteger bigIntegerValue() {
        return integral ? new BigInteger(text) : decimalValue().toBigInteger();
    }

    @Override
    public boolean canConvertToInt() {
        return integral && fits(bigIntegerValue(), INT_MIN, INT_MAX);
    }

    @Override
    public boolean canConvertToLong() {
        return integral && fits(bigIntegerValue(), LONG_MIN, LONG_MAX);
    }

    private static boolean fits(BigInteger b, BigInteger min, BigInteger max) {
        return b.compareTo(min) >= 0 && b.compareTo(max) <= 0;
    }

    /** The number as it was written. */
    @Override
    public String asText() {
        return text;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeNumber(text);
    }

    /** Equal to another verbatim number of the same text (as written, not by value). */
    @Override
    public boolean equals(Object o) {
        return o instanceof VerbatimNumber v && v.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
