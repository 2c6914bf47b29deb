// spath: JSON and XML location paths, auto-extract, hostile input, argument errors.
#include <doctest/doctest.h>

#include "cmd_util.hpp"
#include "evaluator/structured.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

// An event view whose events have the given _raw texts and fields.
Result raw_view(const std::vector<std::string>& raws, const std::vector<Ev>& fields = {}) {
  StoreBuilder b;
  for (std::size_t i = 0; i < raws.size(); ++i) {
    b.begin_event();
    if (i < fields.size())
      for (const auto& [name, values] : fields[i].fields)
        for (const auto& v : values) b.append(b.field(name), v);
    b.set_time(static_cast<std::int64_t>(i) * kMicrosPerSecond);
    b.set_raw(raws[i]);
    b.end_event();
  }
  auto store = std::make_shared<Store>(b.finish());
  std::vector<std::uint32_t> rows(store->rows());
  for (std::uint32_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::uint32_t>(rows.size() - 1 - i);
  return Result::events(store, rows);  // newest first, as searches produce
}

Result one_column(const std::string& name, const std::vector<std::string>& values) {
  Result r = Result::table({name});
  for (const auto& v : values) r.add_row({v.empty() ? Value::null() : Value::of(v)});
  return r;
}

const char* kBook =
    R"({"server": {"name": "web01", "ports": [80, 443]},
        "commits": [{"author": {"name": "ann"}, "files": [{"n": "a.c"}, {"n": "b.c"}]},
                    {"author": {"name": "bob"}, "files": [{"n": "c.c"}]}],
        "ok": true, "nothing": null, "ratio": 0.5})";

const char* kWinXml =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f}'/><EventID>1</EventID>"
    "<Computer>ws1</Computer></System><EventData><Data Name='Image'>C:\\x.exe</Data>"
    "<Data Name='User'>CORP\\ann</Data></EventData></Event>";

}  // namespace

TEST_CASE("spath: JSON paths (Search Reference examples: server.name, commits{}.author.name)") {
  Result in = one_column("j", {kBook});
  CHECK(col(run_query("| spath input=j output=myfield path=server.name", in), "myfield") == S{"web01"});
  CHECK(col(run_query("| spath input=j output=commit_author path=commits{}.author.name", in), "commit_author") ==
        S{"ann|bob"});
  // Output defaults to the path as written; path= may be omitted.
  CHECK(col(run_query("| spath input=j server.ports{}", in), "server.ports{}") == S{"80|443"});
  // {N} is 1-based; {} at several levels; scalars as JSON text; objects/arrays as minified JSON.
  CHECK(col(run_query("| spath input=j output=p path=server.ports{2}", in), "p") == S{"443"});
  CHECK(col(run_query("| spath input=j output=f path=commits{}.files{}.n", in), "f") == S{"a.c|b.c|c.c"});
  CHECK(col(run_query("| spath input=j output=f path=commits{2}.files{1}.n", in), "f") == S{"c.c"});
  CHECK(col(run_query("| spath input=j output=o path=ok", in), "o") == S{"true"});
  CHECK(col(run_query("| spath input=j output=r path=ratio", in), "r") == S{"0.5"});
  CHECK(col(run_query("| spath input=j output=a path=commits{2}.author", in), "a") == S{R"({"name":"bob"})"});
  CHECK(col(run_query("| spath input=j output=a path=server.ports", in), "a") == S{"[80,443]"});
  // Not found, null, index past the end, {} on a non-array: no value.
  Result none = run_query("| spath input=j output=x path=server.nope | spath input=j output=y path=nothing "
                          "| spath input=j output=z path=server.ports{3} | spath input=j output=w path=server{}",
                          in);
  CHECK(none.find("x") < 0);
  CHECK(none.find("y") < 0);
  CHECK(none.find("z") < 0);
  CHECK(none.find("w") < 0);
}

TEST_CASE("spath: top-level arrays and path={}") {
  Result in = one_column("j", {R"([{"a": 1}, {"a": 2, "b": [3]}])"});
  CHECK(col(run_query("| spath input=j output=all path={}", in), "all") == S{R"({"a":1}|{"a":2,"b":[3]})"});
  Result auto_out = run_query("| spath input=j", in);
  CHECK(col(auto_out, "{}.a") == S{"1|2"});
  CHECK(col(auto_out, "{}.b{}") == S{"3"});
}

TEST_CASE("spath: auto-extract JSON from _raw, newest-first rows, fields in first-seen order") {
  Result in = raw_view({R"({"a": {"b": "x", "c": [1, 2]}, "d": [{"e": "p"}, {"e": "q"}], "n": null})",
                        R"({"a": {"b": "y"}})", "not json at all", R"({"a": )"});
  Result out = run_query("| spath", in);
  // rows are newest first: events 3, 2, 1, 0
  CHECK(col(out, "a.b") == S{"", "", "y", "x"});
  CHECK(col(out, "a.c{}") == S{"", "", "", "1|2"});
  CHECK(col(out, "d{}.e") == S{"", "", "", "p|q"});
  CHECK(out.find("n") < 0);
  std::vector<std::string> cols = names(out);
  auto pos = [&](const std::string& n) { return std::find(cols.begin(), cols.end(), n) - cols.begin(); };
  CHECK(pos("a.b") < pos("a.c{}"));
  CHECK(pos("a.c{}") < pos("d{}.e"));
}

TEST_CASE("spath: XML paths, attributes and auto-extract (Windows event XML)") {
  Result in = raw_view({kWinXml});
  CHECK(col(run_query("| spath output=id path=Event.System.EventID", in), "id") == S{"1"});
  CHECK(col(run_query("| spath output=p path=Event.System.Provider{@Name}", in), "p") ==
        S{"Microsoft-Windows-Sysmon"});
  CHECK(col(run_query("| spath output=d path=Event.EventData.Data", in), "d") == S{"C:\\x.exe|CORP\\ann"});
  CHECK(col(run_query("| spath output=d path=Event.EventData.Data{2}", in), "d") == S{"CORP\\ann"});
  CHECK(col(run_query("| spath output=s path=Event.System.Computer", in), "s") == S{"ws1"});
  // An element with child elements gives its inner XML.
  CHECK(col(run_query("| spath output=x path=Event.EventData", in), "x") ==
        S{"<Data Name=\"Image\">C:\\x.exe</Data><Data Name=\"User\">CORP\\ann</Data>"});
  Result all = run_query("| spath", in);
  CHECK(col(all, "Event.System.EventID") == S{"1"});
  CHECK(col(all, "Event.System.Provider{@Name}") == S{"Microsoft-Windows-Sysmon"});
  CHECK(col(all, "Event.EventData.Data{@Name}") == S{"Image|User"});
  CHECK(col(all, "Event.EventData.Data") == S{"C:\\x.exe|CORP\\ann"});
  CHECK(col(all, "Event{@xmlns}") == S{"http://schemas.microsoft.com/win/2004/08/events/event"});
}

TEST_CASE("spath: Search Reference XML example (locDesc{@locale})") {
  Result in = one_column(
      "x", {"<vendorProductSet vendorID=\"2\"><product><desc><locDesc locale=\"en-us\">Book</locDesc>"
            "</desc></product></vendorProductSet>"});
  Result out = run_query(
      "| spath input=x output=\"locDesc.locale\" path=vendorProductSet.product.desc.locDesc{@locale}", in);
  CHECK(col(out, "locDesc.locale") == S{"en-us"});
}

TEST_CASE("spath: dictionary-encoded input is parsed once per value; results match per row") {
  std::vector<Ev> evs;
  for (int i = 0; i < 6; ++i) evs.push_back({{{"j", {i % 2 ? R"({"k":"odd"})" : R"({"k":"even"})"}}}});
  Result out = run_query("| spath input=j output=k path=k", view(evs));
  CHECK(col(out, "k") == S{"even", "odd", "even", "odd", "even", "odd"});
  // Row selection after spath keeps store-row keyed values right.
  Result tail = run_query("| spath input=j output=k path=k | reverse | head 2", view(evs));
  CHECK(col(tail, "k") == S{"odd", "even"});
}

TEST_CASE("spath: missing input, multi-valued input, existing output kept where nothing is found") {
  Result in = one_column("j", {R"({"a":"1"})", "", "{}"});
  Result out = run_query("| spath input=absent output=a path=a", in);
  CHECK(out.find("a") < 0);
  Result kept = run_query("| eval a=\"old\" | spath input=j output=a path=a", in);
  CHECK(col(kept, "a") == S{"1", "old", "old"});
  // Multi-valued input: the first value is read.
  Result mv = run_query(R"(| eval m=mvappend("{\"a\":\"first\"}", "{\"a\":\"second\"}") | spath input=m output=a path=a)",
                        one_column("x", {"1"}));
  CHECK(col(mv, "a") == S{"first"});
  // Store-backed output merged into an existing store field.
  Result ev = view({Ev{{{"j", {R"({"host":"new"})"}}, {"host", {"h1"}}}}, Ev{{{"j", {"{}"}}, {"host", {"h2"}}}}});
  CHECK(col(run_query("| spath input=j output=host path=host", ev), "host") == S{"new", "h2"});
}

TEST_CASE("spath: malformed and hostile input yields no fields and no crash") {
  std::string deep_json(100000, '[');
  std::string deep_xml;
  for (int i = 0; i < 20000; ++i) deep_xml += "<a>";
  std::string wide_json = "{\"k\":[" + std::string("1,") + "2]}";
  Result in = raw_view({"{\"a\": [1, 2", "<a><b>unclosed</a>", deep_json, deep_xml, "", "<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>",
                        "\xff\xfe{\"a\":1}", wide_json});
  Result out = run_query("| spath", in);
  CHECK(out.size() == 8);
  CHECK(col(run_query("| spath output=v path=a{}", in), "v").size() == 8);
  // Deep but well-formed XML: the depth bound stops the walk, nothing crashes.
  std::string deep_ok;
  for (int i = 0; i < 5000; ++i) deep_ok += "<a>";
  deep_ok += "x";
  for (int i = 0; i < 5000; ++i) deep_ok += "</a>";
  Result deep = run_query("| spath", raw_view({deep_ok}));
  CHECK(deep.size() == 1);
}

TEST_CASE("spath: argument errors say what was expected and where") {
  Result in = one_column("j", {"{}"});
  auto message = [&](const char* q) {
    try {
      run_query(q, in);
    } catch (const QueryError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(message("| spath input=j path=a{x}") ==
        "spath: expected '}', a 1-based index or '@attribute' at character 3 of path 'a{x}'");
  CHECK(message("| spath input=j path=a{0}") == "spath: expected an index of 1 or more at character 3 of path 'a{0}'");
  CHECK(message("| spath input=j path=a{") == "spath: expected '}' at character 3 of path 'a{'");
  CHECK(message("| spath input=j path=a..b") == "spath: expected a name before '.' at character 3 of path 'a..b'");
  CHECK(message("| spath input=j path=a{}b") == "spath: expected '.' or '{' after '}' at character 4 of path 'a{}b'");
  CHECK(message("| spath input=j depth=3 a") == "spath: unknown or unsupported option `depth=` (it takes input=, output=, path=)");
  CHECK(message("| spath input=j output=x") == "spath: output=x needs a path (path=<datapath>)");
}

TEST_CASE("structured: xmlkv leaves by tag name") {
  structured::Extractor x;
  auto fields = x.extract_xml_leaves("<r><a>1</a><b><c>2</c><a>3</a></b><d/></r>");
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].first == "a");
  CHECK(fields[0].second == S{"1", "3"});
  CHECK(fields[1].first == "c");
  CHECK(x.extract_xml_leaves("{\"a\":1}").empty());
}

TEST_CASE("spath: _raw of scattered rows is read block by block, duplicates included") {
  std::vector<std::string> raws;
  for (int i = 0; i < 1200; ++i) raws.push_back("{\"i\": " + std::to_string(i) + "}");
  Result in = raw_view(raws);  // row r holds event 1199 - r
  in.select_rows({0, 700, 701, 1199, 5, 700});
  Result out = run_query("| spath output=i path=i", in);
  CHECK(col(out, "i") == S{"1199", "499", "498", "0", "1194", "499"});
}
