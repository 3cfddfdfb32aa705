global using System.Runtime.InteropServices;

// The engine starts servers from Debian packages and speaks POSIX signals: it runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
