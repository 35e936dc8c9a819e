using ClusterSim.Reporting;

namespace ClusterSim.Simulation.Tests;

/// <summary>
/// RoundExact must match Python's round(): the exact binary value of the double is rounded half
/// to even and the result is the double nearest to that decimal. RoundNumpy must match
/// numpy.round: multiply by 10^digits, round half to even, divide.
/// </summary>
public class DecimalRoundingTests
{
    [Fact]
    public void RoundExact_UsesBinaryValue()
    {
        // The double 2.675 is 2.67499999999999982236431605997495353221893310546875.
        Assert.Equal(2.67, DecimalRounding.RoundExact(2.675, 2));
    }

    [Fact]
    public void RoundNumpy_UsesScaledValue()
    {
        // 2.675 * 100 rounds to exactly 267.5 in double arithmetic, which rounds to even 268.
        Assert.Equal(2.68, DecimalRounding.RoundNumpy(2.675, 2));
    }

    [Theory]
    [InlineData(0.125, 2, 0.12)]
    [InlineData(0.375, 2, 0.38)]
    [InlineData(2.5, 0, 2.0)]
    [InlineData(3.5, 0, 4.0)]
    [InlineData(0.5, 0, 0.0)]
    [InlineData(1.5, 0, 2.0)]
    [InlineData(-2.5, 0, -2.0)]
    [InlineData(-0.125, 2, -0.12)]
    [InlineData(-0.375, 2, -0.38)]
    public void RoundExact_TiesToEven(double value, int digits, double expected)
    {
        Assert.Equal(expected, DecimalRounding.RoundExact(value, digits));
    }

    [Theory]
    [InlineData(0.125, 2, 0.12)]
    [InlineData(0.375, 2, 0.38)]
    [InlineData(2.5, 0, 2.0)]
    [InlineData(3.5, 0, 4.0)]
    [InlineData(-2.5, 0, -2.0)]
    [InlineData(-0.125, 2, -0.12)]
    public void RoundNumpy_TiesToEven(double value, int digits, double expected)
    {
        Assert.Equal(expected, DecimalRounding.RoundNumpy(value, digits));
    }

    [Theory]
    [InlineData(-2.675, 2, -2.67)]
    [InlineData(-1.005, 2, -1.0)]
    [InlineData(-7.777, 1, -7.8)]
    [InlineData(-0.004, 2, 0.0)]
    public void RoundExact_NegativeValues(double value, int digits, double expected)
    {
        Assert.Equal(expected, DecimalRounding.RoundExact(value, digits));
    }

    [Fact]
    public void RoundNumpy_NegativeValue()
    {
        Assert.Equal(-2.68, DecimalRounding.RoundNumpy(-2.675, 2));
    }

    [Theory]
    [InlineData(1.005, 2, 1.0)]
    [InlineData(2.4999999999999996, 0, 2.0)]
    [InlineData(33.333333333333336, 2, 33.33)]
    [InlineData(66.66666666666667, 2, 66.67)]
    [InlineData(129.5, 0, 130.0)]
    [InlineData(130.5, 0, 130.0)]
    public void RoundExact_NonTies(double value, int digits, double expected)
    {
        Assert.Equal(expected, DecimalRounding.RoundExact(value, digits));
    }

    [Theory]
    [InlineData(123456789.125, 2, 123456789.12)]
    [InlineData(1e20, 2, 1e20)]
    [InlineData(-1e300, 5, -1e300)]
    [InlineData(2251799813685248.5, 0, 2251799813685248.0)]
    [InlineData(1000000000000001.0, 2, 1000000000000001.0)]
    [InlineData(3000000000000001.0, 2, 3000000000000001.0)]
    [InlineData(4503599627370495.0, 2, 4503599627370495.0)]
    public void RoundExact_LargeValues(double value, int digits, double expected)
    {
        // A whole number rounded to any number of decimals is itself.
        Assert.Equal(expected, DecimalRounding.RoundExact(value, digits));
    }

    [Theory]
    [InlineData(117.16, 15)]
    [InlineData(11.033, 15)]
    [InlineData(0.1, 15)]
    public void RoundExact_MaxDigitsKeepsShortDecimal(double value, int digits)
    {
        // A decimal with fewer digits than requested rounds to itself.
        Assert.Equal(value, DecimalRounding.RoundExact(value, digits));
    }

    [Theory]
    [InlineData(123456789.125, 2, 123456789.12)]
    [InlineData(1e16, 2, 1e16)]
    [InlineData(2251799813685248.5, 0, 2251799813685248.0)]
    public void RoundNumpy_LargeValues(double value, int digits, double expected)
    {
        Assert.Equal(expected, DecimalRounding.RoundNumpy(value, digits));
    }

    [Fact]
    public void RoundExact_SubnormalRoundsToZero()
    {
        Assert.Equal(0.0, DecimalRounding.RoundExact(double.Epsilon, 2));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(0.0)]
    public void RoundExact_KeepsNonFiniteAndZero(double value)
    {
        Assert.Equal(value, DecimalRounding.RoundExact(value, 2));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    public void RoundExact_RejectsDigitsOutOfRange(int digits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalRounding.RoundExact(1.0, digits));
    }
}
