using System.Text;

namespace Platform.Hosting;

/// <summary>A writer whose lines go to a resource's console logs, marked with the command that wrote them.</summary>
internal sealed class ResourceLogWriter(ResourceLogs logs, string resource, string command) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                logs.Write(resource, $"[{command}] {_line}");
                _line.Clear();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_line)
        {
            if (_line.Length > 0)
            {
                logs.Write(resource, $"[{command}] {_line}");
                _line.Clear();
            }
        }

        base.Dispose(disposing);
    }
}
