// Seeded generator of realistic Sysmon events in Splunk's XmlWinEventLog layout (one <Event> per
// line, single-quoted attributes), for benchmarks and the repo's sample data.
//
//   build/bench/gen_sysmon --events N --seed S [--start-epoch SECONDS] [--t1049-per-10k K] > file.xml
//
// The same arguments give the same bytes on every machine (own PRNG, no std distributions).
// Event mix follows a typical workstation fleet: image loads, process create/terminate, network,
// registry, file and DNS events dominate; CreateRemoteThread and pipe events are rare. Hosts,
// users and command lines grow with the event count as in real logs (new machines appear, command
// lines carry temp names, GUIDs and ports). About 4 events per 10,000 (--t1049-per-10k) are T1049
// discovery commands (net use, net1 sessions, netstat -ano, net file ...).
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// splitmix64: small, fast, fully specified.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  // Zipf-like pick in [0, n): small indexes are much more frequent (popular hosts, users, images).
  std::uint64_t skewed(std::uint64_t n) {
    double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
    return static_cast<std::uint64_t>(static_cast<double>(n) * u * u * u) % (n ? n : 1);
  }

 private:
  std::uint64_t s_;
};

struct Image {
  const char* path;
  const char* description;
  const char* original;
  const char* command;  // template: {u} user, {h} hex8, {n} number, {g} guid
  const char* parent;
};

// Processes seen on ordinary Windows workstations and servers.
const std::vector<Image> kImages = {
    {"C:\\Windows\\System32\\svchost.exe", "Host Process for Windows Services", "svchost.exe",
     "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s {s}", "C:\\Windows\\System32\\services.exe"},
    {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "Google Chrome", "chrome.exe",
     "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --field-trial-handle={n},{h} --lang=en-US --renderer-client-id={n} /prefetch:1",
     "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"},
    {"C:\\Windows\\System32\\cmd.exe", "Windows Command Processor", "Cmd.Exe",
     "C:\\Windows\\system32\\cmd.exe /c \"C:\\Users\\{u}\\AppData\\Local\\Temp\\{h}.bat\"",
     "C:\\Windows\\explorer.exe"},
    {"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "Windows PowerShell",
     "PowerShell.EXE",
     "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\ProgramData\\scripts\\inventory_{n}.ps1",
     "C:\\Windows\\System32\\cmd.exe"},
    {"C:\\Windows\\explorer.exe", "Windows Explorer", "EXPLORER.EXE", "C:\\Windows\\Explorer.EXE",
     "C:\\Windows\\System32\\userinit.exe"},
    {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "Microsoft Outlook",
     "Outlook.exe", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" /recycle",
     "C:\\Windows\\explorer.exe"},
    {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "Microsoft Word",
     "WinWord.exe",
     "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\{u}\\Documents\\report_{n}.docx\"",
     "C:\\Windows\\explorer.exe"},
    {"C:\\Windows\\System32\\conhost.exe", "Console Window Host", "CONHOST.EXE",
     "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", "C:\\Windows\\System32\\cmd.exe"},
    {"C:\\Windows\\System32\\taskhostw.exe", "Host Process for Windows Tasks", "taskhostw.exe",
     "taskhostw.exe {g}", "C:\\Windows\\System32\\svchost.exe"},
    {"C:\\Windows\\System32\\RuntimeBroker.exe", "Runtime Broker", "RuntimeBroker.exe",
     "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding", "C:\\Windows\\System32\\svchost.exe"},
    {"C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "WMI Provider Host", "Wmiprvse.exe",
     "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
     "C:\\Windows\\System32\\svchost.exe"},
    {"C:\\Windows\\System32\\msiexec.exe", "Windows\xC2\xAE installer", "msiexec.exe",
     "C:\\Windows\\system32\\msiexec.exe /V /i C:\\Windows\\Temp\\{h}.msi", "C:\\Windows\\System32\\services.exe"},
    {"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe", "Microsoft Edge",
     "msedge.exe",
     "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --mojo-platform-channel-handle={n} /prefetch:{n}",
     "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"},
    {"C:\\Windows\\System32\\schtasks.exe", "Task Scheduler Configuration Tool", "schtasks.exe",
     "schtasks.exe /query /tn \\Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan /fo LIST",
     "C:\\Windows\\System32\\cmd.exe"},
    {"C:\\Windows\\System32\\reg.exe", "Registry Console Tool", "reg.exe",
     "reg.exe query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{g} /v DisplayName",
     "C:\\Windows\\System32\\cmd.exe"},
    {"C:\\Windows\\System32\\rundll32.exe", "Windows host process (Rundll32)", "RUNDLL32.EXE",
     "C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\shell32.dll,SHCreateLocalServerRunDll {g} -Embedding",
     "C:\\Windows\\System32\\svchost.exe"},
    {"C:\\Program Files\\Git\\cmd\\git.exe", "Git for Windows", "git.exe",
     "git.exe fetch --prune origin feature/{h}", "C:\\Windows\\System32\\cmd.exe"},
    {"C:\\Windows\\System32\\SearchProtocolHost.exe", "Microsoft Windows Search Protocol Host",
     "SearchProtocolHost.exe",
     "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe{n}_ Global\\UsGthrCtrlFltPipeMssGthrPipe{n} 1 -2147483646 \"Software\\Microsoft\\Windows Search\" \"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)\" \"C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc\" \"DownLevelDaemon\"",
     "C:\\Windows\\System32\\SearchIndexer.exe"},
};

// T1049 discovery commands (ATT&CK System Network Connections Discovery).
struct Discovery {
  const char* image;
  const char* original;
  const char* command;
};
const std::vector<Discovery> kDiscovery = {
    {"C:\\Windows\\System32\\net.exe", "net.exe", "net use"},
    {"C:\\Windows\\System32\\net.exe", "net.exe", "net use \\\\fileserver{n}\\share"},
    {"C:\\Windows\\System32\\net1.exe", "net1.exe", "C:\\Windows\\system32\\net1 sessions"},
    {"C:\\Windows\\System32\\net.exe", "net.exe", "net sessions"},
    {"C:\\Windows\\System32\\NETSTAT.EXE", "netstat.exe", "netstat -ano"},
    {"C:\\Windows\\System32\\net.exe", "net.exe", "net file"},
    {"C:\\Windows\\System32\\net1.exe", "net1.exe", "C:\\Windows\\system32\\net1 file"},
};

const std::vector<const char*> kDlls = {
    "C:\\Windows\\System32\\ntdll.dll", "C:\\Windows\\System32\\kernel32.dll",
    "C:\\Windows\\System32\\KernelBase.dll", "C:\\Windows\\System32\\advapi32.dll",
    "C:\\Windows\\System32\\crypt32.dll", "C:\\Windows\\System32\\ws2_32.dll",
    "C:\\Windows\\System32\\amsi.dll", "C:\\Windows\\System32\\wininet.dll",
    "C:\\Windows\\System32\\dbghelp.dll", "C:\\Windows\\System32\\samlib.dll",
    "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll"};
const std::vector<const char*> kDomains = {
    "www.google.com", "login.microsoftonline.com", "outlook.office365.com", "github.com",
    "settings-win.data.microsoft.com", "update.googleapis.com", "slack.com", "wpad.corp.example.com",
    "dc01.corp.example.com", "cdn.jsdelivr.net"};
const std::vector<const char*> kServices = {"wuauserv", "BITS", "Schedule", "gpsvc", "DnsCache",
                                            "LanmanWorkstation", "EventLog", "WinHttpAutoProxySvc"};
const std::vector<const char*> kFirstNames = {"alice", "bob", "carol", "dave", "erin", "frank",
                                              "grace", "heidi", "ivan", "judy", "mallory", "oscar"};

// Sysmon schema: event ID -> (version, weight per 1000).
struct Kind {
  int id, version, weight;
};
const std::vector<Kind> kKinds = {{1, 5, 120}, {2, 4, 8},  {3, 5, 150}, {5, 3, 110}, {6, 4, 4},
                                  {7, 3, 230}, {8, 2, 4},  {10, 3, 70}, {11, 2, 90}, {12, 2, 40},
                                  {13, 2, 100}, {15, 2, 6}, {17, 1, 8},  {18, 1, 10}, {22, 5, 45},
                                  {23, 5, 5}};

class Generator {
 public:
  Generator(std::uint64_t seed, std::uint64_t events, std::int64_t start_epoch,
            std::uint64_t t1049_per_10k)
      : rng_(seed), events_(events), now_us_(start_epoch * 1'000'000), t1049_(t1049_per_10k) {
    // Cardinality grows with size, as fleets do: a host per ~1,500 events, a user per ~1,000.
    hosts_ = 3 + events / 1500;
    users_ = 5 + events / 1000;
  }

  void run(std::FILE* out) {
    std::string line;
    for (std::uint64_t i = 0; i < events_; ++i) {
      now_us_ += 1000 + static_cast<std::int64_t>(rng_.below(150'000));
      line.clear();
      event(i + 1, line);
      buf_ += line;
      buf_ += '\n';
      if (buf_.size() > (1u << 20)) flush(out);
    }
    flush(out);
  }

 private:
  void flush(std::FILE* out) {
    std::fwrite(buf_.data(), 1, buf_.size(), out);
    buf_.clear();
  }

  const Kind& pick_kind() {
    int r = static_cast<int>(rng_.below(1000));
    for (const Kind& k : kKinds) {
      if ((r -= k.weight) < 0) return k;
    }
    return kKinds.front();
  }

  void event(std::uint64_t record, std::string& o) {
    host_ = rng_.skewed(hosts_);
    user_ = rng_.skewed(users_);
    bool discovery = rng_.below(10000) < t1049_;
    const Kind& kind = discovery ? kKinds.front() : pick_kind();
    std::int64_t utc_us = now_us_;
    std::int64_t system_us = now_us_ + 500 + static_cast<std::int64_t>(rng_.below(9000));
    o += "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
         "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>";
    o += "<EventID>" + std::to_string(kind.id) + "</EventID><Version>" +
         std::to_string(kind.version) + "</Version><Level>4</Level><Task>" +
         std::to_string(kind.id) + "</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>";
    o += "<TimeCreated SystemTime='" + timestamp(system_us, 'T', 9) + "Z'/>";
    o += "<EventRecordID>" + std::to_string(record) + "</EventRecordID><Correlation/>";
    o += "<Execution ProcessID='" + std::to_string(2000 + host_ % 3000) + "' ThreadID='" +
         std::to_string(3000 + rng_.below(2000)) + "'/>";
    o += "<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>" + host() +
         "</Computer><Security UserID='S-1-5-18'/></System><EventData>";
    utc_ = timestamp(utc_us, ' ', 3);
    if (discovery) {
      discovery_event(o);
    } else {
      body(kind.id, o);
    }
    o += "</EventData></Event>";
  }

  void data(std::string& o, std::string_view name, std::string_view value) {
    o += "<Data Name='";
    o += name;
    o += "'>";
    for (char c : value) {
      switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        default: o += c;
      }
    }
    o += "</Data>";
  }

  void head(std::string& o, std::string_view image) {
    data(o, "RuleName", "-");
    data(o, "UtcTime", utc_);
    data(o, "ProcessGuid", guid());
    data(o, "ProcessId", std::to_string(100 + rng_.below(20000)));
    data(o, "Image", image);
  }

  void process_create(std::string& o, std::string_view image, std::string_view description,
                      std::string_view original, std::string_view command,
                      std::string_view parent) {
    head(o, image);
    data(o, "FileVersion", "10.0.19041.1 (WinBuild.160101.0800)");
    data(o, "Description", description);
    data(o, "Product", "Microsoft\xC2\xAE Windows\xC2\xAE Operating System");
    data(o, "Company", "Microsoft Corporation");
    data(o, "OriginalFileName", original);
    data(o, "CommandLine", command);
    data(o, "CurrentDirectory", "C:\\Users\\" + user_name() + "\\");
    data(o, "User", domain_user());
    data(o, "LogonGuid", guid());
    data(o, "LogonId", "0x" + hex(rng_.below(0xFFFFFF), 6));
    data(o, "TerminalSessionId", std::to_string(rng_.below(3)));
    data(o, "IntegrityLevel", rng_.chance(0.2) ? "High" : "Medium");
    data(o, "Hashes", "SHA1=" + hex(rng_.next(), 16) + hex(rng_.next(), 16) + hex(rng_.below(1u << 31), 8) +
                          ",MD5=" + hex(rng_.next(), 16) + hex(rng_.next(), 16) +
                          ",SHA256=" + hex(rng_.next(), 16) + hex(rng_.next(), 16) +
                          hex(rng_.next(), 16) + hex(rng_.next(), 16) + ",IMPHASH=" +
                          hex(rng_.next(), 16) + hex(rng_.next(), 16));
    data(o, "ParentProcessGuid", guid());
    data(o, "ParentProcessId", std::to_string(100 + rng_.below(20000)));
    data(o, "ParentImage", parent);
    data(o, "ParentCommandLine", parent);
    data(o, "ParentUser", domain_user());
  }

  void discovery_event(std::string& o) {
    const Discovery& d = kDiscovery[rng_.below(kDiscovery.size())];
    process_create(o, d.image, "Net Command", d.original, expand(d.command),
                   "C:\\Windows\\System32\\cmd.exe");
  }

  void body(int id, std::string& o) {
    const Image& img = kImages[rng_.skewed(kImages.size())];
    switch (id) {
      case 1:
        process_create(o, img.path, img.description, img.original, expand(img.command), img.parent);
        break;
      case 2:
        head(o, img.path);
        data(o, "TargetFilename", "C:\\Users\\" + user_name() + "\\AppData\\Local\\Temp\\" + hex(rng_.next(), 8) + ".tmp");
        data(o, "CreationUtcTime", timestamp(now_us_ - 86'400'000'000ll * 400, ' ', 3));
        data(o, "PreviousCreationUtcTime", utc_);
        data(o, "User", domain_user());
        break;
      case 3:
        head(o, img.path);
        data(o, "User", domain_user());
        data(o, "Protocol", rng_.chance(0.9) ? "tcp" : "udp");
        data(o, "Initiated", "true");
        data(o, "SourceIsIpv6", "false");
        data(o, "SourceIp", "10.1." + std::to_string(host_ / 250 % 250) + "." + std::to_string(host_ % 250 + 1));
        data(o, "SourceHostname", host());
        data(o, "SourcePort", std::to_string(49152 + rng_.below(16000)));
        data(o, "SourcePortName", "-");
        data(o, "DestinationIsIpv6", "false");
        data(o, "DestinationIp", std::to_string(13 + rng_.below(200)) + "." + std::to_string(rng_.below(256)) + "." +
                                     std::to_string(rng_.below(256)) + "." + std::to_string(1 + rng_.below(254)));
        data(o, "DestinationHostname", kDomains[rng_.skewed(kDomains.size())]);
        data(o, "DestinationPort", rng_.chance(0.8) ? "443" : "80");
        data(o, "DestinationPortName", rng_.chance(0.8) ? "https" : "http");
        break;
      case 5:
        head(o, img.path);
        data(o, "User", domain_user());
        break;
      case 6:
        data(o, "RuleName", "-");
        data(o, "UtcTime", utc_);
        data(o, "ImageLoaded", "C:\\Windows\\System32\\drivers\\" + hex(rng_.below(64), 2) + "flt.sys");
        data(o, "Hashes", "SHA256=" + hex(rng_.next(), 16) + hex(rng_.next(), 16));
        data(o, "Signed", "true");
        data(o, "Signature", "Microsoft Windows");
        data(o, "SignatureStatus", "Valid");
        break;
      case 7:
        head(o, img.path);
        data(o, "ImageLoaded", kDlls[rng_.skewed(kDlls.size())]);
        data(o, "FileVersion", "10.0.19041.1 (WinBuild.160101.0800)");
        data(o, "Description", "Windows NT BASE API Client DLL");
        data(o, "Product", "Microsoft\xC2\xAE Windows\xC2\xAE Operating System");
        data(o, "Company", "Microsoft Corporation");
        data(o, "OriginalFileName", "kernel32");
        data(o, "Hashes", "SHA256=" + hex(rng_.below(4096), 16) + hex(rng_.below(7), 16));
        data(o, "Signed", "true");
        data(o, "Signature", "Microsoft Windows");
        data(o, "SignatureStatus", "Valid");
        data(o, "User", domain_user());
        break;
      case 8:
      case 10: {
        data(o, "RuleName", "-");
        data(o, "UtcTime", utc_);
        data(o, "SourceProcessGuid", guid());
        data(o, "SourceProcessId", std::to_string(100 + rng_.below(20000)));
        if (id == 10) data(o, "SourceThreadId", std::to_string(100 + rng_.below(20000)));
        data(o, "SourceImage", img.path);
        data(o, "TargetProcessGuid", guid());
        data(o, "TargetProcessId", std::to_string(100 + rng_.below(20000)));
        data(o, "TargetImage", rng_.chance(0.3) ? "C:\\Windows\\system32\\lsass.exe" : kImages[rng_.skewed(kImages.size())].path);
        if (id == 10) {
          data(o, "GrantedAccess", rng_.chance(0.5) ? "0x1000" : "0x1410");
          data(o, "CallTrace", "C:\\Windows\\SYSTEM32\\ntdll.dll+9d234|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|UNKNOWN(" + hex(rng_.next(), 16) + ")");
        } else {
          data(o, "NewThreadId", std::to_string(rng_.below(20000)));
          data(o, "StartAddress", "0x" + hex(rng_.next(), 16));
          data(o, "StartModule", "-");
          data(o, "StartFunction", "-");
        }
        data(o, "SourceUser", domain_user());
        data(o, "TargetUser", "NT AUTHORITY\\SYSTEM");
        break;
      }
      case 11:
      case 15:
      case 23:
        head(o, img.path);
        data(o, "TargetFilename", "C:\\Users\\" + user_name() + "\\AppData\\Local\\Temp\\" + hex(rng_.next(), 8) + (id == 15 ? ":Zone.Identifier" : ".tmp"));
        data(o, "CreationUtcTime", utc_);
        if (id == 15) data(o, "Hash", "SHA256=" + hex(rng_.next(), 16) + hex(rng_.next(), 16));
        if (id == 23) data(o, "IsExecutable", "false");
        data(o, "User", domain_user());
        break;
      case 12:
      case 13:
        data(o, "RuleName", "-");
        data(o, "EventType", id == 12 ? "CreateKey" : "SetValue");
        data(o, "UtcTime", utc_);
        data(o, "ProcessGuid", guid());
        data(o, "ProcessId", std::to_string(100 + rng_.below(20000)));
        data(o, "Image", img.path);
        data(o, "TargetObject", "HKU\\S-1-5-21-" + std::to_string(1000 + user_) + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\" + kServices[rng_.below(kServices.size())] + "\\" + hex(rng_.below(1 << 20), 5));
        if (id == 13) data(o, "Details", rng_.chance(0.5) ? "DWORD (0x00000001)" : "Binary Data");
        data(o, "User", domain_user());
        break;
      case 17:
      case 18:
        data(o, "RuleName", "-");
        data(o, "EventType", id == 17 ? "CreatePipe" : "ConnectPipe");
        data(o, "UtcTime", utc_);
        data(o, "ProcessGuid", guid());
        data(o, "ProcessId", std::to_string(100 + rng_.below(20000)));
        data(o, "PipeName", "\\mojo." + std::to_string(rng_.below(10000)) + "." + std::to_string(rng_.below(100000)));
        data(o, "Image", img.path);
        data(o, "User", domain_user());
        break;
      case 22:
      default:
        head(o, img.path);
        data(o, "QueryName", kDomains[rng_.skewed(kDomains.size())]);
        data(o, "QueryStatus", "0");
        data(o, "QueryResults", "::ffff:" + std::to_string(13 + rng_.below(200)) + "." + std::to_string(rng_.below(256)) + ".1.1;");
        data(o, "User", domain_user());
        break;
    }
  }

  std::string expand(std::string_view tpl) {
    std::string out;
    for (std::size_t i = 0; i < tpl.size(); ++i) {
      if (tpl[i] == '{' && i + 2 < tpl.size() && tpl[i + 2] == '}') {
        switch (tpl[i + 1]) {
          case 'u': out += user_name(); break;
          case 'h': out += hex(rng_.next(), 8); break;
          case 'n': out += std::to_string(rng_.skewed(5000)); break;
          case 'g': out += guid(); break;
          case 's': out += kServices[rng_.below(kServices.size())]; break;
          default: out += tpl.substr(i, 3);
        }
        i += 2;
      } else {
        out += tpl[i];
      }
    }
    return out;
  }

  std::string host() const {
    char b[64];
    std::snprintf(b, sizeof b, "WS-%05" PRIu64 ".corp.example.com", host_);
    return b;
  }
  std::string user_name() const {
    return std::string(kFirstNames[user_ % kFirstNames.size()]) + "." + std::to_string(user_);
  }
  std::string domain_user() {
    if (rng_.chance(0.25)) return "NT AUTHORITY\\SYSTEM";
    return "CORP\\" + user_name();
  }
  std::string guid() {
    std::uint64_t a = rng_.next(), b = rng_.next();
    return "{" + hex(a >> 32, 8) + "-" + hex((a >> 16) & 0xFFFF, 4) + "-" + hex(a & 0xFFFF, 4) + "-" +
           hex(b >> 48, 4) + "-" + hex(b & 0xFFFFFFFFFFFFull, 12) + "}";
  }
  static std::string hex(std::uint64_t v, int width) {
    char b[32];
    std::snprintf(b, sizeof b, "%0*" PRIX64, width, v);
    return std::string(b).substr(0, static_cast<std::size_t>(width));
  }
  // "YYYY-MM-DD?hh:mm:ss.f..." with `digits` fraction digits (9 for SystemTime, as Windows writes).
  static std::string timestamp(std::int64_t us, char sep, int digits) {
    std::int64_t secs = us / 1'000'000, frac = us % 1'000'000;
    std::int64_t days = secs / 86400, rem = secs % 86400;
    // civil_from_days (Howard Hinnant)
    std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char fr[16];
    std::snprintf(fr, sizeof fr, "%06" PRId64 "000", frac);
    fr[digits] = '\0';
    char b[64];
    std::snprintf(b, sizeof b, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "%c%02" PRId64 ":%02" PRId64 ":%02" PRId64 ".%s",
                  y, m, d, sep, rem / 3600, rem / 60 % 60, rem % 60, fr);
    return b;
  }

  Rng rng_;
  std::uint64_t events_;
  std::int64_t now_us_;
  std::uint64_t t1049_;
  std::uint64_t hosts_, users_, host_ = 0, user_ = 0;
  std::string utc_, buf_;
};

void usage() {
  std::fprintf(stderr, "usage: gen_sysmon --events N [--seed S] [--start-epoch SECONDS] [--t1049-per-10k K] > out.xml\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t events = 0, seed = 1, t1049 = 4;
  std::int64_t start = 1709539200;  // 2024-03-04 08:00:00 UTC
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) { usage(); return 2; }
    if (a == "--events") events = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--start-epoch") start = std::strtoll(argv[++i], nullptr, 10);
    else if (a == "--t1049-per-10k") t1049 = std::strtoull(argv[++i], nullptr, 10);
    else { usage(); return 2; }
  }
  if (events == 0) { usage(); return 2; }
  Generator(seed, events, start, t1049).run(stdout);
  return 0;
}
