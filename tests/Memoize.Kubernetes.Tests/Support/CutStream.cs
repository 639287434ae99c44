using System.Text;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>A response body that delivers some bytes and then fails like a dropped TCP connection.</summary>
internal sealed class CutStream(string delivered) : Stream
{
    private readonly MemoryStream data = new(Encoding.UTF8.GetBytes(delivered));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = data.Read(buffer, offset, count);
        return read > 0 ? read : throw new IOException("connection reset by peer");
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
