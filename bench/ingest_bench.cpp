// Ingest benchmark: XML reader + store vs pugixml's parse-only throughput over the same bytes.
//
//   build/bench/gen_sysmon --events 100000 --seed 1 > /tmp/sysmon_100k.xml
//   build/bench/ingest_bench /tmp/sysmon_100k.xml
//
// For each file: (1) baseline: pugixml parses the file in 64 MiB chunks of whole events (in
// place, same flags as the reader) and walks every element, attribute and text; (2) ingest with
// one thread; (3) ingest with two threads. Prints wall and CPU throughput (the machine may be
// shared: CPU time shows the cost independent of load), events/s, resident bytes per event
// (VmRSS after minus before, after malloc_trim) and the ratios the issue aims at.
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <pugixml.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "bench/timing.hpp"
#include "storage/ingest/ingest.hpp"

using namespace spelunk;
using namespace spelunk::bench;

namespace {

long rss_bytes() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}


std::size_t walk(pugi::xml_node n) {
  std::size_t sum = 0;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    sum += std::strlen(c.name()) + std::strlen(c.child_value());
    for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
      sum += std::strlen(a.value());
    }
    sum += walk(c);
  }
  return sum;
}

// pugixml parse-only: 64 MiB chunks cut after the last </Event>, parsed in place, walked.
std::size_t parse_only(const std::string& path, std::size_t& events) {
  constexpr std::size_t kBlock = 64u << 20;
  std::unique_ptr<char[]> buf(new char[kBlock + 1]);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return 0;
  std::size_t len = 0, checksum = 0;
  pugi::xml_document doc;
  while (true) {
    std::size_t n = std::fread(buf.get() + len, 1, kBlock - len, f);
    len += n;
    std::string_view text(buf.get(), len);
    std::size_t cut = n == 0 ? len : text.rfind("</Event>");
    if (cut == std::string_view::npos) break;
    if (n != 0) cut += 8;
    std::string_view tail = text.substr(cut);
    std::string carry(tail);
    doc.load_buffer_inplace(buf.get(), cut, pugi::parse_escapes | pugi::parse_cdata,
                            pugi::encoding_utf8);
    for (pugi::xml_node e = doc.first_child(); e; e = e.next_sibling()) {
      if (e.type() == pugi::node_element) ++events;
    }
    checksum += walk(doc);
    std::memcpy(buf.get(), carry.data(), carry.size());
    len = carry.size();
    if (n == 0) break;
  }
  std::fclose(f);
  return checksum;
}

struct IngestRun {
  Timing t;
  long rss = 0;
  std::size_t events = 0, bytes = 0, store_bytes = 0;
};

IngestRun run_ingest(const std::string& path, unsigned threads) {
  malloc_trim(0);
  IngestRun r;
  long before = rss_bytes();
  std::shared_ptr<Store> store;
  IngestReport report;
  IngestOptions options;
  options.threads = threads;
  r.t = timed([&] { store = ingest_paths({path}, options, report); });
  malloc_trim(0);
  r.rss = rss_bytes() - before;
  r.events = report.events;
  r.bytes = report.bytes;
  r.store_bytes = store->memory_bytes();
  for (const std::string& m : report.messages) std::printf("  message: %s\n", m.c_str());
  return r;
}

void print_ingest(const char* label, const IngestRun& r, std::size_t input) {
  double mb = static_cast<double>(input) / 1e6;
  std::printf("%-18s wall %6.2f s %7.1f MB/s %9.0f ev/s | cpu %6.2f s %7.1f MB/cpu-s | rss %+.0f MB "
              "= %.0f B/event = %.2f x input (store says %.0f MB)\n",
              label, r.t.wall, mb / r.t.wall, r.events / r.t.wall, r.t.cpu, mb / r.t.cpu,
              r.rss / 1e6, static_cast<double>(r.rss) / r.events, static_cast<double>(r.rss) / input,
              r.store_bytes / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ingest_bench FILE.xml...\n");
    return 2;
  }
  std::printf("nproc %u\n", std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    std::string path = argv[i];
    std::size_t input = 0;
    {
      std::ifstream f(path, std::ios::binary | std::ios::ate);
      input = static_cast<std::size_t>(f.tellg());
    }
    std::printf("== %s: %.1f MB\n", path.c_str(), input / 1e6);
    std::size_t events = 0, checksum = 0;
    Timing base = timed([&] { checksum = parse_only(path, events); });
    double mb = input / 1e6;
    std::printf("%-18s wall %6.2f s %7.1f MB/s %9.0f ev/s | cpu %6.2f s %7.1f MB/cpu-s (%zu events, checksum %zu)\n",
                "pugixml parse-only", base.wall, mb / base.wall, events / base.wall, base.cpu,
                mb / base.cpu, events, checksum);
    IngestRun one = run_ingest(path, 1);
    print_ingest("ingest 1 thread", one, input);
    IngestRun two = run_ingest(path, 2);
    print_ingest("ingest 2 threads", two, input);
    std::printf("ratios: ingest(1)/parse-only wall %.2f cpu %.2f (aim >= 0.5) | ingest(2)/ingest(1) "
                "wall %.2f (aim >= 1.7) | resident/input %.2f (aim <= 0.5)\n",
                base.wall / one.t.wall, base.cpu / one.t.cpu, one.t.wall / two.t.wall,
                static_cast<double>(one.rss) / input);
  }
  return 0;
}
