using System.Globalization;
using System.Numerics;

namespace ClusterSim.Reporting;

/// <summary>
/// The two rounding rules the published openb tables use, so that discretised values round the
/// same way: Python's round() and Go's "%.2f" round the exact binary value of a double half to
/// even, while numpy's round multiplies by a power of ten, rounds half to even and divides.
/// They differ in edge cases: 2.675 is 2.67 under the exact rule and 2.68 under numpy's.
/// </summary>
public static class DecimalRounding
{
    /// <summary>Rounds the exact value of <paramref name="value"/> to <paramref name="digits"/> decimals, ties to even.</summary>
    public static double RoundExact(double value, int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        if (!double.IsFinite(value) || value == 0)
        {
            return value;
        }

        var negative = value < 0;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponentBits == 0)
        {
            exponentBits = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        // value = mantissa * 2^exponent exactly.
        var exponent = exponentBits - 1075;
        if (exponent >= 0)
        {
            return value;
        }

        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        var denominator = BigInteger.One << -exponent;
        var quotient = BigInteger.DivRem(scaled, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }

        // Parsing the decimal digits gives the double nearest to the rounded decimal value,
        // which dividing a converted quotient by a power of ten does not above 2^53.
        var text = BigInteger.Abs(quotient).ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var literal = digits == 0 ? text : $"{text[..^digits]}.{text[^digits..]}";
        var rounded = double.Parse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return negative ? -rounded : rounded;
    }

    /// <summary>Rounds as numpy.round does: scale by 10^digits, round half to even, scale back.</summary>
    public static double RoundNumpy(double value, int digits)
    {
        var scale = Math.Pow(10, digits);
        return Math.Round(value * scale, MidpointRounding.ToEven) / scale;
    }
}
