// Generated Windows events in Splunk's one-line XmlWinEventLog layout (the layout of
// splunk/attack_data's .log files), for the detection-repository tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace spelunk::test {

inline std::string xml_escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '\'') out += "&apos;";
    else out += c;
  }
  return out;
}

struct WinEvent {
  std::string channel = "Microsoft-Windows-Sysmon/Operational";
  std::string provider = "Microsoft-Windows-Sysmon";
  int event_id = 1;
  std::string time = "2024-03-04T10:00:00.000Z";  // SystemTime (and Sysmon's UtcTime)
  std::string computer = "WS-1.corp.example.com";  // empty: no <Computer>
  std::string process_id = "4242";                 // <Execution ProcessID='...'>
  std::vector<std::pair<std::string, std::string>> data;

  std::string line(int record = 1) const {
    std::string out = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='" +
                      provider + "' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>" +
                      std::to_string(event_id) +
                      "</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>"
                      "<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='" + time +
                      "'/><EventRecordID>" + std::to_string(record) + "</EventRecordID><Correlation/><Execution ProcessID='" +
                      process_id + "' ThreadID='100'/><Channel>" + channel + "</Channel>";
    if (!computer.empty()) out += "<Computer>" + computer + "</Computer>";
    out += "<Security UserID='S-1-5-18'/></System><EventData>";
    if (provider == "Microsoft-Windows-Sysmon") {
      // UtcTime gives _time for Sysmon: "2024-03-04 10:00:00.000"
      std::string utc = time.substr(0, 10) + " " + time.substr(11, 12);
      out += "<Data Name='UtcTime'>" + utc + "</Data>";
    }
    for (const auto& [name, value] : data) out += "<Data Name='" + name + "'>" + xml_escaped(value) + "</Data>";
    return out + "</EventData></Event>\n";
  }
};

// Sysmon process creation (EventCode 1).
inline WinEvent sysmon_process(const std::string& time, const std::string& image, const std::string& command_line,
                               const std::string& parent_image = "C:\\Windows\\System32\\cmd.exe",
                               const std::string& user = "CORP\\eve") {
  WinEvent e;
  e.time = time;
  std::string name = image.substr(image.find_last_of('\\') + 1);
  e.data = {{"Image", image},
            {"CommandLine", command_line},
            {"OriginalFileName", name},
            {"ProcessId", "5120"},
            {"User", user},
            {"ParentImage", parent_image},
            {"ParentCommandLine", "\"" + parent_image + "\""},
            {"ParentProcessId", "4000"}};
  return e;
}

// "2024-03-04T10:00:SS.000Z" for second `s` (0..59) of minute `m`.
inline std::string at_second(int s, int m = 0) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "2024-03-04T10:%02d:%02d.000Z", m, s);
  return buf;
}

}  // namespace spelunk::test
