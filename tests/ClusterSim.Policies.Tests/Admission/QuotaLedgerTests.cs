using ClusterSim.Policies.Admission;
using static ClusterSim.Policies.Tests.Admission.AdmissionFixtures;

namespace ClusterSim.Policies.Tests.Admission;

/// <summary>
/// Kueue's cohort arithmetic with two ClusterQueues of nominal quota 9 and 12 GPUs, as Kueue's
/// ClusterQueue documentation works it through.
/// </summary>
public class QuotaLedgerTests
{
    private const long Gpu = 1000;

    [Fact]
    public void IdleLender_BorrowerUsesCohortTotal()
    {
        var ledger = new QuotaLedger([Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);

        Assert.Equal(QuotaFit.Borrowing, ledger.Check("a", Model, 21 * Gpu));
        Assert.Equal(QuotaFit.Exceeded, ledger.Check("a", Model, 22 * Gpu));
        Assert.Equal(21 * Gpu, ledger.MaxUsable("a", Model));
    }

    [Fact]
    public void BorrowingLimit_CapsBorrowerAtTen()
    {
        var ledger = new QuotaLedger([Queue("a", "c", Quota(9, borrowingLimit: 1)), Queue("b", "c", Quota(12))]);

        Assert.Equal(QuotaFit.Borrowing, ledger.Check("a", Model, 10 * Gpu));
        Assert.Equal(QuotaFit.Exceeded, ledger.Check("a", Model, 11 * Gpu));
        Assert.Equal(10 * Gpu, ledger.MaxUsable("a", Model));
    }

    [Fact]
    public void LendingLimit_GivesBorrowerTen()
    {
        var ledger = new QuotaLedger([Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12, lendingLimit: 1))]);

        Assert.Equal(QuotaFit.Borrowing, ledger.Check("a", Model, 10 * Gpu));
        Assert.Equal(QuotaFit.Exceeded, ledger.Check("a", Model, 11 * Gpu));
        Assert.Equal(10 * Gpu, ledger.MaxUsable("a", Model));
    }

    [Fact]
    public void WithinNominal_IsNotBorrowing()
    {
        var ledger = new QuotaLedger([Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);

        Assert.Equal(QuotaFit.WithinNominal, ledger.Check("a", Model, 9 * Gpu));
        Assert.Equal(QuotaFit.Borrowing, ledger.Check("a", Model, 9 * Gpu + 1));
    }

    [Fact]
    public void LenderUsage_ShrinksWhatCanBeBorrowed()
    {
        var ledger = new QuotaLedger([Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);
        ledger.Charge("b", Model, 5 * Gpu);

        // b keeps 5 of its 12; the cohort has 21 - 5 = 16 left for a.
        Assert.Equal(QuotaFit.Borrowing, ledger.Check("a", Model, 16 * Gpu));
        Assert.Equal(QuotaFit.Exceeded, ledger.Check("a", Model, 17 * Gpu));
    }

    [Fact]
    public void Borrowed_QuotaBlocksLenderUntilReleased()
    {
        var ledger = new QuotaLedger([Queue("a", "c", Quota(9)), Queue("b", "c", Quota(12))]);
        ledger.Charge("a", Model, 21 * Gpu);

        // Without preemption, b must wait for a's borrowed quota to come back.
        Assert.Equal(QuotaFit.Exceeded, ledger.Check("b", Model, 1 * Gpu));
        ledger.Release("a", Model, 12 * Gpu);
        Assert.Equal(QuotaFit.WithinNominal, ledger.Check("b", Model, 12 * Gpu));
    }

    [Fact]
    public void NoCohort_NominalIsTheLimit()
    {
        var ledger = new QuotaLedger([Queue("a", string.Empty, Quota(9))]);

        Assert.Equal(QuotaFit.WithinNominal, ledger.Check("a", Model, 9 * Gpu));
        Assert.Equal(QuotaFit.Exceeded, ledger.Check("a", Model, 10 * Gpu));
    }

    [Fact]
    public void UnknownFlavor_IsReported()
    {
        var ledger = new QuotaLedger([Queue("a", string.Empty, Quota(9))]);

        Assert.Equal(QuotaFit.NoSuchFlavor, ledger.Check("a", "H100", 1));
        Assert.Equal(0, ledger.MaxUsable("a", "H100"));
    }

    [Fact]
    public void Release_BeyondChargeThrows()
    {
        var ledger = new QuotaLedger([Queue("a", string.Empty, Quota(9))]);
        ledger.Charge("a", Model, 2 * Gpu);

        Assert.Throws<InvalidOperationException>(() => ledger.Release("a", Model, 3 * Gpu));
    }
}
