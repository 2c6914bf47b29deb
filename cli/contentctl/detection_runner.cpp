#include "cli/contentctl/detection_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/output.hpp"
#include "cli/session.hpp"
#include "storage/store_concat.hpp"

namespace spelunk::cli::contentctl {

namespace fs = std::filesystem;

namespace {

// Other hosts splunk/attack_data files are named by (older detections, hand-written tests).
constexpr std::string_view kAttackDataUrlAliases[] = {
    kAttackDataUrl,
    "https://raw.githubusercontent.com/splunk/attack_data/master/",
    "https://github.com/splunk/attack_data/raw/master/",
};

bool is_url(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// A file still a Git LFS pointer (the checkout did not pull it): "version https://git-lfs...".
bool is_lfs_pointer(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[48] = {};
  in.read(head, sizeof head);
  return std::string_view(head, static_cast<std::size_t>(in.gcount())).starts_with("version https://git-lfs.github.com/spec/");
}

template <class F>
void parallel_for(std::size_t n, unsigned threads, F&& fn) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::min<std::size_t>(n, 64))));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
}

TestOutcome outcome_of(TestStatus status, std::string message, std::string details = {}) {
  TestOutcome o;
  o.status = status;
  o.message = std::move(message);
  o.details = std::move(details);
  return o;
}

// The search as contentctl submits it: a search not starting with `|` gets a leading `search `.
std::string contentctl_search(const std::string& search) {
  std::size_t start = search.find_first_not_of(" \t\r\n");
  std::string_view s = std::string_view(search).substr(start == std::string::npos ? search.size() : start);
  if (s.starts_with("|") || s.starts_with("search ")) return std::string(s);
  return "search " + std::string(s);
}

// A cell as contentctl's JSON results reader sees it: absent (null) or the text "null" is missing.
bool is_missing(const Result& result, int col, std::size_t row) {
  if (col < 0) return true;
  auto values = cell_values(result, static_cast<std::size_t>(col), row);
  return values.empty() || (values.size() == 1 && values[0] == "null");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// --------------------------------------------------------------- the run's tests

// One attack data file with the metadata it is replayed with: read once per run.
struct InputKey {
  std::string path, source, sourcetype;
  bool operator<(const InputKey& o) const {
    return std::tie(path, source, sourcetype) < std::tie(o.path, o.source, o.sourcetype);
  }
};

struct LoadedInput {
  std::once_flag once;
  std::mutex mutex;                     // guards store (released after its last test)
  std::shared_ptr<const Store> store;
  std::string unreadable;               // why no event could be read (the test is skipped)
  std::vector<std::string> warnings;    // records skipped
  std::size_t remaining = 0;            // tests still to run on it
};

struct PlannedTest {
  std::size_t index = 0;                // into DetectionRun::tests
  const DetectionSpec* detection = nullptr;
  std::shared_ptr<const Session> knowledge;
  std::vector<LoadedInput*> inputs;     // in attack_data order
  bool update_timestamp = false;
};

struct Plan {
  std::vector<std::unique_ptr<DetectionSpec>> detections;
  std::map<ContentDirs, std::shared_ptr<Session>> knowledge;  // one per repository
  std::map<InputKey, std::unique_ptr<LoadedInput>> inputs;
  std::vector<PlannedTest> runs;
};

std::shared_ptr<Session> knowledge_for(const ContentDirs& dirs, const DetectionRunOptions& options, Plan& plan,
                                       std::vector<std::string>& warnings) {
  auto& slot = plan.knowledge[dirs];
  if (slot) return slot;
  slot = std::make_shared<Session>();
  std::vector<std::string> problems = slot->load_props(options.props);
  for (const auto& dir : options.conf_dirs)
    for (auto& p : slot->load_conf_dir(dir)) problems.push_back(std::move(p));
  for (auto& p : slot->load_content(dirs)) problems.push_back(std::move(p));
  for (auto& p : problems) warnings.push_back(std::move(p));
  return slot;
}

void load_input(const InputKey& key, LoadedInput& input, unsigned ingest_threads) {
  IngestOptions options;
  options.threads = ingest_threads;
  IngestReport report;
  auto store = ingest_inputs({{key.path, InputMetadata{key.source, key.sourcetype}}}, options, report);
  if (!store || report.files == 0 || report.events == 0) {
    std::string why = report.messages.empty() ? key.path + ": no event could be read" : join(report.messages);
    if (report.files != 0 && report.messages.empty()) why = key.path + ": no events in the file";
    input.unreadable = why;
    return;
  }
  input.store = std::move(store);
  if (report.skipped)
    input.warnings.push_back(key.path + ": " + std::to_string(report.skipped) + " record(s) skipped");
  for (std::size_t i = 0; i < report.messages.size() && i < 5; ++i) input.warnings.push_back(report.messages[i]);
}

// Why contentctl would not run a detection's tests (nullopt: it would).
std::optional<std::string> skip_reason(const DetectionSpec& d) {
  if (d.manual_test) return "manual_test: " + *d.manual_test;
  if (d.status != "production")
    return "detection status is " + (d.status.empty() ? std::string("not given") : d.status) +
           ": contentctl tests production detections only";
  if (d.type == "Correlation") return "detection type Correlation: contentctl does not test it";
  return std::nullopt;
}

TestCase case_for(const DetectionSpec& d, std::size_t line, const std::string& name) {
  TestCase t;
  t.file = d.file;
  t.line = line;
  t.name = d.name + " / " + name;
  t.query = d.search;
  t.query_origin = d.file;
  t.query_line = d.search_line;
  return t;
}

std::string rows_shown(const Result& result) { return "rows:\n" + sample_rows(result, 20); }

TestOutcome run_planned(const PlannedTest& p, const DetectionRunOptions& options) {
  std::vector<std::shared_ptr<const Store>> parts;
  std::vector<std::string> warnings;
  for (LoadedInput* input : p.inputs) {
    std::lock_guard lock(input->mutex);
    if (!input->unreadable.empty() && options.searches_only)
      return outcome_of(TestStatus::Error, "cannot read the data (-d): " + input->unreadable);
    if (!input->unreadable.empty())
      return outcome_of(TestStatus::Skip, "attack data cannot be read: " + input->unreadable);
    parts.push_back(input->store);
    warnings.insert(warnings.end(), input->warnings.begin(), input->warnings.end());
  }
  std::shared_ptr<const Store> store = parts.empty() ? std::make_shared<const Store>() : parts.front();
  if (parts.size() > 1) {
    std::vector<const Store*> raw;
    for (const auto& s : parts) raw.push_back(s.get());
    store = std::make_shared<const Store>(concatenate_stores(raw));
  }
  Session session;
  session.share_knowledge(*p.knowledge);
  session.set_store(store);
  std::optional<std::int64_t> now;
  if (p.update_timestamp && store->rows()) {
    // Older contentctl moved the events to the present before replaying them; pinning "now" just
    // after the newest event gives relative time ranges the same events.
    auto times = store->times();
    now = *std::max_element(times.begin(), times.end()) + 1'000'000;
  }
  SearchOutcome run = session.run(contentctl_search(p.detection->search), nullptr, now);
  std::string notes;
  for (const auto& w : warnings) notes += "warning: " + w + "\n";
  for (const auto& w : run.warnings) notes += "warning: " + w + "\n";
  if (!run.ok) {
    auto o = outcome_of(TestStatus::Error, "the search failed", run.error + "\n" + notes);
    o.milliseconds = run.milliseconds;
    return o;
  }
  TestOutcome o;
  o.rows = run.result.size();
  o.milliseconds = run.milliseconds;
  if (options.keep_rows) o.result = std::make_shared<const Result>(detached(run.result, kRowsKeptForReport));
  if (options.searches_only) {
    o.status = TestStatus::Pass;
    return o;
  }
  Verdict v = contentctl_verdict(run.result, p.detection->risk_object_fields, p.detection->threat_object_fields,
                                 options.every_row);
  o.status = v.status;
  o.message = v.message;
  if (v.status != TestStatus::Pass) o.details = (run.result.size() ? rows_shown(run.result) : "") + notes;
  return o;
}

}  // namespace

bool is_detection_file_name(const std::string& path) { return path.ends_with(".yml") || path.ends_with(".yaml"); }

std::vector<std::string> find_detection_files(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<fs::path> all;
  bool has_detections_folder = false;
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && it->path().filename() == "detections") has_detections_folder = true;
    if (it->is_regular_file(ec) && is_detection_file_name(it->path().string())) all.push_back(it->path());
  }
  std::vector<std::string> files;
  for (const auto& f : all) {
    bool under_detections = false;
    for (const auto& part : fs::relative(f, path, ec)) under_detections = under_detections || part == "detections";
    if (!has_detections_folder || under_detections) files.push_back(f.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

DataLocation locate_attack_data(const std::string& data, const std::string& detection_file,
                                const std::optional<std::string>& repository_root,
                                const std::optional<std::string>& attack_data_dir) {
  DataLocation loc;
  if (is_url(data)) {
    std::string_view rest;
    for (std::string_view prefix : kAttackDataUrlAliases)
      if (std::string_view(data).starts_with(prefix)) rest = std::string_view(data).substr(prefix.size());
    if (rest.empty()) {
      loc.problem = "attack data " + data + " is a URL outside splunk/attack_data: spelunk does not download; "
                    "save the file and name its path in `data:`";
      return loc;
    }
    if (!attack_data_dir) {
      loc.problem = "attack data " + data + " is in splunk/attack_data: give a local checkout with --attack-data DIR "
                    "(git clone https://github.com/splunk/attack_data DIR; cd DIR; git lfs pull --include=" +
                    std::string(rest) + ")";
      return loc;
    }
    loc.path = (fs::path(*attack_data_dir) / std::string(rest)).string();
    if (!is_file(loc.path)) {
      loc.problem = "attack data not found: " + loc.path + " (from " + data + "); get it from splunk/attack_data "
                    "with git lfs: cd " + *attack_data_dir + " && git lfs pull --include=" + std::string(rest);
      loc.path.clear();
    } else if (is_lfs_pointer(loc.path)) {
      loc.problem = "attack data " + loc.path + " is a Git LFS pointer, not the data: cd " + *attack_data_dir +
                    " && git lfs pull --include=" + std::string(rest);
      loc.path.clear();
    }
    return loc;
  }
  std::vector<fs::path> candidates;
  fs::path written(data);
  if (written.is_absolute()) {
    candidates.push_back(written);
  } else {
    // contentctl runs from the repository root; a path relative to the detection also serves.
    if (repository_root) candidates.push_back(fs::path(*repository_root) / written);
    candidates.push_back(fs::path(detection_file).parent_path() / written);
    candidates.push_back(written);
  }
  std::vector<std::string> tried;
  for (const auto& c : candidates) {
    if (is_file(c)) {
      loc.path = c.string();
      if (is_lfs_pointer(loc.path)) {
        loc.problem = "attack data " + loc.path + " is a Git LFS pointer, not the data: run `git lfs pull` in its checkout";
        loc.path.clear();
      }
      return loc;
    }
    tried.push_back(c.string());
  }
  loc.problem = "attack data not found: " + data + " (tried " + join(tried) + ")";
  return loc;
}

Verdict contentctl_verdict(const Result& result, const std::vector<std::string>& risk_fields,
                           const std::vector<std::string>& threat_fields, bool every_row) {
  Verdict v;
  if (result.size() == 0) {
    v.status = TestStatus::Fail;
    v.message = "the search returned no rows (contentctl passes a test when it returns at least one)";
    return v;
  }
  std::vector<int> risk_cols, threat_cols;
  for (const auto& f : risk_fields) risk_cols.push_back(result.find(f));
  for (const auto& f : threat_fields) threat_cols.push_back(result.find(f));
  std::vector<bool> threat_seen(threat_fields.size(), false);
  std::optional<std::size_t> passed_at;
  for (std::size_t row = 0; row < result.size(); ++row) {
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < risk_fields.size(); ++i)
      if (is_missing(result, risk_cols[i], row)) missing.push_back(risk_fields[i]);
    if (!missing.empty()) {
      v.status = TestStatus::Fail;
      v.row = row;
      v.message = "row " + std::to_string(row + 1) + ": risk object field" + (missing.size() > 1 ? "s " : " ") +
                  join(missing) + " missing (null) in the detection results";
      return v;
    }
    if (passed_at) continue;  // every_row: only the risk objects of the later rows matter
    bool all_threats = true;
    for (std::size_t i = 0; i < threat_fields.size(); ++i) {
      if (is_missing(result, threat_cols[i], row)) all_threats = false;
      else threat_seen[i] = true;
    }
    if (all_threats) {
      passed_at = row;
      if (!every_row) break;
    }
  }
  if (passed_at) return v;
  std::vector<std::string> never;
  for (std::size_t i = 0; i < threat_fields.size(); ++i)
    if (!threat_seen[i]) never.push_back(threat_fields[i]);
  if (!never.empty()) {
    v.status = TestStatus::Fail;
    v.message = "threat object field" + std::string(never.size() > 1 ? "s " : " ") + join(never) +
                " null in every row";
  }
  return v;
}

DetectionRun run_detections(const std::vector<std::string>& files, const DetectionRunOptions& options) {
  DetectionRun run;
  Plan plan;
  // Reading the YAML is itself spread over the pool (yaml-cpp builds a node tree per file).
  std::vector<DetectionRead> reads(files.size());
  parallel_for(files.size(), options.threads, [&](std::size_t i) { reads[i] = read_detection(files[i]); });

  std::shared_ptr<LoadedInput> shared_data;  // --searches-only: one store for every search
  auto shared_data_input = [&]() -> LoadedInput* {
    if (!shared_data) {
      shared_data = std::make_shared<LoadedInput>();
      Session loader;
      std::vector<std::string> messages;
      if (options.data.empty()) shared_data->store = std::make_shared<const Store>();
      else if (loader.load(options.data, messages)) shared_data->store = loader.store();
      else shared_data->unreadable = join(messages);
      shared_data->remaining = SIZE_MAX;
    }
    return shared_data.get();
  };

  for (std::size_t f = 0; f < files.size(); ++f) {
    DetectionRead& read = reads[f];
    if (!read.detection) {
      TestCase t;
      t.file = files[f];
      t.name = fs::path(files[f]).filename().string();
      std::string first = read.problems.empty() ? files[f] + ": cannot be read" : read.problems.front();
      run.tests.push_back(std::move(t));
      run.outcomes.push_back(outcome_of(TestStatus::Error, first));
      continue;
    }
    plan.detections.push_back(std::make_unique<DetectionSpec>(std::move(*read.detection)));
    const DetectionSpec& d = *plan.detections.back();
    auto root = find_repository_root(d.file);
    ContentDirs dirs = root ? content_dirs_of_root(*root) : ContentDirs{};
    dirs.macro_dirs.insert(dirs.macro_dirs.end(), options.extra.macro_dirs.begin(), options.extra.macro_dirs.end());
    dirs.lookup_dirs.insert(dirs.lookup_dirs.end(), options.extra.lookup_dirs.begin(), options.extra.lookup_dirs.end());
    auto knowledge = knowledge_for(dirs, options, plan, run.warnings);
    // Problems that do not stop the detection (an observable without a name) are warnings.
    for (const auto& p : read.problems) run.warnings.push_back(p);

    if (options.searches_only) {
      PlannedTest p;
      p.index = run.tests.size();
      p.detection = &d;
      p.knowledge = knowledge;
      p.inputs.push_back(shared_data_input());
      run.tests.push_back(case_for(d, d.search_line, "search runs"));
      run.outcomes.emplace_back();
      plan.runs.push_back(std::move(p));
      continue;
    }
    auto skip = skip_reason(d);
    if (d.tests.empty()) {
      run.tests.push_back(case_for(d, 1, "(no tests)"));
      run.outcomes.push_back(outcome_of(TestStatus::Skip, skip ? *skip : "the detection has no `tests:`"));
      continue;
    }
    for (const TestSpec& spec : d.tests) {
      run.tests.push_back(case_for(d, spec.line, spec.name));
      if (!spec.problem.empty()) {
        run.outcomes.push_back(outcome_of(TestStatus::Error, spec.problem));
        continue;
      }
      if (skip) {
        run.outcomes.push_back(outcome_of(TestStatus::Skip, *skip));
        continue;
      }
      PlannedTest p;
      p.index = run.tests.size() - 1;
      p.detection = &d;
      p.knowledge = knowledge;
      std::string problem;
      for (const AttackDataSpec& a : spec.attack_data) {
        DataLocation loc = locate_attack_data(a.data, d.file, root, options.attack_data_dir);
        if (!loc.problem.empty()) {
          problem = d.file + ":" + std::to_string(a.line) + ": " + loc.problem;
          break;
        }
        auto& input = plan.inputs[InputKey{loc.path, a.source, a.sourcetype}];
        if (!input) input = std::make_unique<LoadedInput>();
        p.inputs.push_back(input.get());
        p.update_timestamp = p.update_timestamp || a.update_timestamp;
      }
      if (!problem.empty()) {
        run.outcomes.push_back(outcome_of(TestStatus::Error, problem));
        continue;
      }
      for (LoadedInput* input : p.inputs) ++input->remaining;
      run.outcomes.emplace_back();
      plan.runs.push_back(std::move(p));
    }
  }

  // Tests that share a data file run next to each other, so it is released soon after it is read.
  std::map<const LoadedInput*, std::size_t> first_use;
  for (const auto& [key, input] : plan.inputs) first_use.emplace(input.get(), first_use.size());
  std::stable_sort(plan.runs.begin(), plan.runs.end(), [&](const PlannedTest& a, const PlannedTest& b) {
    auto rank = [&](const PlannedTest& p) { return p.inputs.empty() ? 0 : first_use[p.inputs.front()]; };
    return rank(a) < rank(b);
  });
  const unsigned ingest_threads = plan.inputs.size() >= options.threads ? 1 : options.threads;
  std::map<const LoadedInput*, const InputKey*> keys;
  for (const auto& [key, input] : plan.inputs) keys[input.get()] = &key;
  parallel_for(plan.runs.size(), options.threads, [&](std::size_t i) {
    const PlannedTest& p = plan.runs[i];
    for (LoadedInput* input : p.inputs)
      if (input != shared_data.get())
        std::call_once(input->once, [&] { load_input(*keys.at(input), *input, ingest_threads); });
    run.outcomes[p.index] = run_planned(p, options);
    for (LoadedInput* input : p.inputs) {
      std::lock_guard lock(input->mutex);
      if (input != shared_data.get() && --input->remaining == 0) input->store.reset();  // its last test ran
    }
  });
  return run;
}

}  // namespace spelunk::cli::contentctl
