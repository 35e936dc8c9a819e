using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace ClusterSim.Traces;

/// <summary>
/// Reads a CSV file with a header row through CsvHelper and checks each field, collecting every
/// problem instead of stopping at the first one.
/// </summary>
internal sealed class CsvTable
{
    private readonly string path;
    private readonly List<TraceError> errors;
    private readonly Dictionary<string, int> columns;
    private string[] record = [];

    private CsvTable(string path, List<TraceError> errors, Dictionary<string, int> columns)
    {
        this.path = path;
        this.errors = errors;
        this.columns = columns;
    }

    /// <summary>1-based line on which the current row starts.</summary>
    public int Line { get; private set; }

    /// <summary>
    /// Reads every row of <paramref name="path"/>, checking that the header has
    /// <paramref name="requiredColumns"/>. <paramref name="onRow"/> reads the current row.
    /// </summary>
    public static void Read(string path, TextReader reader, IReadOnlyList<string> requiredColumns, List<TraceError> errors, Action<CsvTable> onRow)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            errors.Add(new TraceError(path, 1, string.Empty, string.Empty,
                $"the file is empty; expected a header row with the columns {string.Join(",", requiredColumns)}"));
            return;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(header[i], i);
        }

        var missing = requiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new TraceError(path, 1, string.Empty, string.Empty,
                $"missing column(s) {string.Join(", ", missing)}; the header must contain {string.Join(",", requiredColumns)} (found {string.Join(",", header)})"));
            return;
        }

        var table = new CsvTable(path, errors, columns);
        while (csv.Read())
        {
            table.record = csv.Parser.Record ?? [];
            table.Line = StartLine(csv.Parser);
            if (table.record.Length == 1 && table.record[0].Length == 0)
            {
                continue;
            }

            if (table.record.Length != header.Length)
            {
                errors.Add(new TraceError(path, table.Line, string.Empty, string.Empty,
                    $"the row has {table.record.Length} fields but the header has {header.Length}; every row needs one value per column"));
                continue;
            }

            onRow(table);
        }
    }

    /// <summary>
    /// Returns the line on which the current record starts. The parser counts lines up to the
    /// record's end, and a quoted field may span several lines.
    /// </summary>
    private static int StartLine(IParser parser)
    {
        var spanned = parser.RawRecord.AsSpan().TrimEnd("\r\n").Count('\n');
        return parser.RawRow - spanned;
    }

    public bool HasColumn(string name) => columns.ContainsKey(name);

    /// <summary>Returns the raw text of <paramref name="column"/>, or an empty string when the file lacks that optional column.</summary>
    public string Text(string column) => columns.TryGetValue(column, out var index) ? record[index] : string.Empty;

    /// <summary>Returns a required non-empty text field, or null after recording an error.</summary>
    public string? RequiredText(string column)
    {
        var text = Text(column);
        if (text.Length == 0)
        {
            AddError(column, text, "is empty; give a non-empty value");
            return null;
        }

        return text;
    }

    /// <summary>Parses a non-negative integer, or returns null after recording an error.</summary>
    public long? NonNegativeInteger(string column)
    {
        var text = Text(column);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            // Whole numbers written with a zero fraction, such as "4.0", are accepted.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                && real == Math.Floor(real) && Math.Abs(real) < 1e15)
            {
                value = (long)real;
            }
            else
            {
                AddError(column, text, "is not a whole number; write a non-negative integer");
                return null;
            }
        }

        if (value < 0)
        {
            AddError(column, text, "is negative; write a non-negative integer");
            return null;
        }

        return value;
    }

    public void AddError(string column, string value, string problem) =>
        errors.Add(new TraceError(path, Line, column, value, problem));
}
