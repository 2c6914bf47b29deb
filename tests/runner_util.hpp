// Helpers for the test runner, lint and REPL tests: a scratch folder, small Sysmon-like event
// files, and `spelunk` run in-process.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "test_env.hpp"  // shared_dir(), available()

namespace spelunk::test {

inline std::string source_dir() { return SPELUNK_SOURCE_DIR; }


// A fresh folder under the system temp dir, removed when the object goes.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& tag) {
    std::string pattern = (std::filesystem::temp_directory_path() / ("spelunk-" + tag + "-XXXXXX")).string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (char* made = mkdtemp(buf.data())) path = made;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::filesystem::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
    return file(name);
  }
};

// One Sysmon process-creation event (EventCode 1) in Splunk's XmlWinEventLog layout.
inline std::string sysmon_event(const std::string& time, const std::string& image, const std::string& cmdline,
                                const std::string& user, const std::string& host = "WS-1.corp.example.com") {
  return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider "
         "Name='Microsoft-Windows-Sysmon'/><EventID>1</EventID><TimeCreated SystemTime='" + time +
         "'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>" + host +
         "</Computer></System><EventData><Data Name='Image'>" + image + "</Data><Data Name='CommandLine'>" +
         cmdline + "</Data><Data Name='User'>" + user + "</Data><Data Name='ParentImage'>C:\\Windows\\explorer.exe</Data></EventData></Event>\n";
}

// Four events: two discovery commands and two benign ones.
inline std::string small_sysmon_log() {
  return sysmon_event("2024-03-04T10:00:00.000Z", "C:\\Windows\\System32\\net.exe", "net use \\\\srv\\c$", "CORP\\eve") +
         sysmon_event("2024-03-04T10:01:00.000Z", "C:\\Windows\\System32\\NETSTAT.EXE", "netstat -ano", "CORP\\eve") +
         sysmon_event("2024-03-04T10:02:00.000Z", "C:\\Windows\\System32\\notepad.exe", "notepad a.txt", "CORP\\bob") +
         sysmon_event("2024-03-04T10:03:00.000Z", "C:\\Windows\\System32\\ipconfig.exe", "ipconfig /all", "CORP\\bob");
}

struct CliRun {
  int status = -1;
  std::string out, err;
};

inline CliRun run_spelunk(std::vector<std::string> args) {
  std::vector<const char*> argv{"spelunk"};
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.status = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace spelunk::test
