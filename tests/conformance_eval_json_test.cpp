// Conformance: Search Reference, JSON functions.
#include "conformance_util.hpp"

using spelunk::conformance::Example;

namespace {

constexpr const char* kPage = "JSON functions";

// The `cities` array the json_extract examples read (the page prints it inside {"cities": ...}
// but indexes it as the array itself: {0} is London).
const char* const kCities =
    R"(| makeresults | eval cities="[{\"name\":\"London\",\"Bridges\":[{\"name\":\"Tower Bridge\",\"length\":801},{\"name\":\"Millennium Bridge\",\"length\":1066}]},{\"name\":\"Venice\",\"Bridges\":[{\"name\":\"Rialto Bridge\",\"length\":157},{\"name\":\"Bridge of Sighs\",\"length\":36},{\"name\":\"Ponte della Paglia\"}]},{\"name\":\"San Francisco\",\"Bridges\":[{\"name\":\"Golden Gate Bridge\",\"length\":8981},{\"name\":\"Bay Bridge\",\"length\":23556}]}]")";

const char* const kGames =
    R"(| makeresults | eval games="{\"category\":{\"boardgames\":{\"cooperative\":[{\"name\":\"Pandemic\"},{\"name\":\"Forbidden Island\"},{\"name\":\"Castle Panic\"}]}}}")";

std::string with(const char* prefix, const std::string& rest) { return std::string(prefix) + rest; }

const std::vector<Example>& examples() {
  static const std::vector<Example> table = {
      {kPage, R"(| makeresults | eval name = json_object("name", "maria"))", "name", {"{\"name\":\"maria\"}"}},
      {kPage, R"(| makeresults | eval firstnames = json_object("name", json_array("maria", "arun")))", "firstnames",
       {"{\"name\":[\"maria\",\"arun\"]}"}},
      {kPage, R"(| makeresults | eval locations = json_object("cities", json_array("London", "Sydney", "Berlin", "Santiago")))",
       "locations", {"{\"cities\":[\"London\",\"Sydney\",\"Berlin\",\"Santiago\"]}"}},
      {kPage, R"(| makeresults | eval gamelist = json_array("Pandemic", "Forbidden Island", "Castle Panic"), games = json_object("category", json_object("boardgames", json_object("cooperative", gamelist))))",
       "games", {"{\"category\":{\"boardgames\":{\"cooperative\":[\"Pandemic\",\"Forbidden Island\",\"Castle Panic\"]}}}"}},
      {kPage, R"(| makeresults | eval animals = json_object("animal", "pony"), result = json(animals))", "result",
       {"{\"animal\":\"pony\"}"}},
      {kPage, R"(| makeresults | eval bridges="Golden Gate Bridge" | eval bridgesAsJson = json(bridges))", "bridgesAsJson", {""}},
      {kPage, R"(| makeresults | eval ponies = json_object("ponylist", json_array("Minty", "Rarity", "Buttercup")), updatePonies = json_append(ponies, "ponylist", "Fluttershy"))",
       "updatePonies", {"{\"ponylist\":[\"Minty\",\"Rarity\",\"Buttercup\",\"Fluttershy\"]}"}},
      {kPage, R"(| makeresults | eval ponyDetails = json_object("Fluttershy", json_object("ponySkills", json_array("running", "jumping"))), ponyDetailsUpdated = json_append(ponyDetails, "Fluttershy.ponySkills", "codebreaking"))",
       "ponyDetailsUpdated", {"{\"Fluttershy\":{\"ponySkills\":[\"running\",\"jumping\",\"codebreaking\"]}}"}},
      {kPage, R"(| makeresults | eval ponies = json_array("buttercup", "fluttershy", "rarity"))", "ponies",
       {"[\"buttercup\",\"fluttershy\",\"rarity\"]"}},
      {kPage, R"(| makeresults | eval surname = json_array("dubois", json_object("name", "patel")))", "surname",
       {"[\"dubois\",{\"name\":\"patel\"}]"}},
      {kPage, R"(| makeresults | eval ponies = json_array("Buttercup", "Fluttershy", "Rarity"), my_sweet_ponies = json_array_to_mv(ponies))",
       "my_sweet_ponies", {"Buttercup|Fluttershy|Rarity"}},
      {kPage, R"(| makeresults | eval ponies = json_array("Buttercup", "Fluttershy", "Rarity"), my_sweet_ponies = json_array_to_mv(ponies, true()))",
       "my_sweet_ponies", {"\"Buttercup\"|\"Fluttershy\"|\"Rarity\""}},
      {kPage, R"(| makeresults | eval object = "{\"name\":\"Wei Zhang\", \"SSN\":\"123-45-6789\", \"city\":\"Seattle\", \"accounts\":[\"Hagal Quartz\", \"Caladan Water\", \"Arrakis Spices\"]}" | eval sales_account = json_delete(object, "SSN", "accounts"))",
       "sales_account", {"{\"name\":\"Wei Zhang\",\"city\":\"Seattle\"}"}},
      {kPage, R"(| makeresults | eval employee = "{\"name\":\"Celestino Paulo\", \"company\":\"Isthmus Pastimes\", \"addresses\": {\"email\":\"celestino@sample.com\", \"office\":\"edificio 890 Avenida Demetrio Panama City Panama\"}}" | eval result = json_delete(employee, "addresses.email"))",
       "result", {"{\"name\":\"Celestino Paulo\",\"company\":\"Isthmus Pastimes\",\"addresses\":{\"office\":\"edificio 890 Avenida Demetrio Panama City Panama\"}}"}},
      {kPage, R"(| makeresults | eval entries=json_entries("{\"a\": 1, \"b\": 2}"))", "entries",
       {"[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2}]"}},
      {kPage, R"(| makeresults | eval employee_record="{\"name\":\"maria\",\"age\":25,\"status\":\"full-time\"}" | eval array_format = json_entries(employee_record))",
       "array_format", {"[{\"key\":\"name\",\"value\":\"maria\"},{\"key\":\"age\",\"value\":25},{\"key\":\"status\",\"value\":\"full-time\"}]"}},
      {kPage, R"(| makeresults | eval fakeBandsInMovies = json_object("fakeMovieBandList", json_array("The Blues Brothers", "Spinal Tap", "Wyld Stallyns")), updateBandList = json_extend(fakeBandsInMovies, "fakeMovieBandList", json_array("The Soggy Bottom Boys", "The Weird Sisters", "The Barden Bellas")))",
       "updateBandList",
       {"{\"fakeMovieBandList\":[\"The Blues Brothers\",\"Spinal Tap\",\"Wyld Stallyns\",\"The Soggy Bottom Boys\",\"The Weird Sisters\",\"The Barden Bellas\"]}"}},
      {kPage, R"(| makeresults | eval dndChars = json_object("characterClasses", json_array("wizard", "rogue", "barbarian")), array2 = json_array(json_object("artifact", "deck of many things")), updatedParty = json_extend(dndChars, "characterClasses", array2))",
       "updatedParty", {"{\"characterClasses\":[\"wizard\",\"rogue\",\"barbarian\",{\"artifact\":\"deck of many things\"}]}"}},
      {kPage, with(kCities, R"( | eval London=json_extract(cities,"{0}"))"), "London",
       {"{\"name\":\"London\",\"Bridges\":[{\"name\":\"Tower Bridge\",\"length\":801},{\"name\":\"Millennium Bridge\",\"length\":1066}]}"}},
      {kPage, with(kCities, R"( | eval San_Francisco=json_extract(cities,"{2}"))"), "San_Francisco",
       {"{\"name\":\"San Francisco\",\"Bridges\":[{\"name\":\"Golden Gate Bridge\",\"length\":8981},{\"name\":\"Bay Bridge\",\"length\":23556}]}"}},
      {kPage, with(kCities, R"( | eval my_cities=json_extract(cities,"{}.name"))"), "my_cities",
       {"[\"London\",\"Venice\",\"San Francisco\"]"}},
      {kPage, with(kCities, R"( | eval Bridges=json_extract(cities,"{}.Bridges{}"))"), "Bridges",
       {"[{\"name\":\"Tower Bridge\",\"length\":801},{\"name\":\"Millennium Bridge\",\"length\":1066},{\"name\":\"Rialto Bridge\",\"length\":157},{\"name\":\"Bridge of Sighs\",\"length\":36},{\"name\":\"Ponte della Paglia\"},{\"name\":\"Golden Gate Bridge\",\"length\":8981},{\"name\":\"Bay Bridge\",\"length\":23556}]"}},
      {kPage, with(kCities, R"( | eval Bridge_names=json_extract(cities,"{}.Bridges{}.name"))"), "Bridge_names",
       {"[\"Tower Bridge\",\"Millennium Bridge\",\"Rialto Bridge\",\"Bridge of Sighs\",\"Ponte della Paglia\",\"Golden Gate Bridge\",\"Bay Bridge\"]"}},
      {kPage, with(kCities, R"( | eval GG_Bridge=json_extract(cities,"{2}.Bridges{0}"))"), "GG_Bridge",
       {"{\"name\":\"Golden Gate Bridge\",\"length\":8981}"}},
      {kPage, with(kCities, R"( | eval GG_Bridge_length=json_extract(cities,"{2}.Bridges{0}.length"))"), "GG_Bridge_length",
       {"8981"}},
      // The page's example 1 says "{}" returns {"cities":[...]} for the same field it then indexes
      // as an array; here "{}" gives every element of that array.
      {kPage, with(kCities, R"( | eval extracted_cities = json_extract(cities,"{}") | eval n=json_extract(extracted_cities, "{1}.name"))"),
       "n", {"Venice"}, "json_extract(cities, \"{}\") is the array of the elements, not an object around them",
       {"(an object {\"cities\":[...]})"}},
      {kPage, R"(| makeresults | eval splunk_path="{\"system.splunk.path\":\"/opt/splunk/\"}" | eval extracted_path=json_extract_exact(splunk_path, "system.splunk.path"))",
       "extracted_path", {"/opt/splunk/"}},
      {kPage, R"(| makeresults | eval test=if(json_has_key_exact(json_object("name", "charlie"), "name"), "has key", "doesn't have key"))",
       "test", {"has key"}},
      {kPage, R"(| makeresults | eval test=if(json_has_key_exact("{\"charlie.garcia\":10}", "charlie.garcia"), "has key", "doesn't have key"))",
       "test", {"has key"}},
      {kPage, R"(| makeresults count=2 | streamstats count | eval employee_record=if(count=1, "{\"name\":\"maria\",\"age\":25,\"status\":\"full-time\"}", "{\"name\":\"charlie\",\"age\":21,\"region\":\"US\"}") | eval test_results=if(json_has_key_exact(employee_record, "status"), "has key", "doesn't have key"))",
       "test_results", {"has key", "doesn't have key"}},
      {kPage, R"(| makeresults | eval bridges="{\"name\": \"Clifton Suspension Bridge\", \"length\": 1352, \"city\": \"Bristol\", \"country\": \"England\"}" | eval bridge_keys = json_keys(bridges))",
       "bridge_keys", {"[\"name\",\"length\",\"city\",\"country\"]"}},
      {kPage, R"(| makeresults | eval bridges="{\"name\":\"Rialto Bridge\",\"length\":157, \"city\": \"Venice\", \"region\": \"Veneto\", \"country\": \"Italy\"}" | eval bridge_keys = json_keys(bridges))",
       "bridge_keys", {"[\"name\",\"length\",\"city\",\"region\",\"country\"]"}},
      {kPage, with(kGames, R"( | eval my_games = json_set(games,"category.boardgames.competitive", json_array(json_object("name", "Settlers of Catan"), json_object("name", "Terraforming Mars"), json_object("name", "Ticket to Ride"))))"),
       "my_games",
       {"{\"category\":{\"boardgames\":{\"cooperative\":[{\"name\":\"Pandemic\"},{\"name\":\"Forbidden Island\"},{\"name\":\"Castle Panic\"}],\"competitive\":[{\"name\":\"Settlers of Catan\"},{\"name\":\"Terraforming Mars\"},{\"name\":\"Ticket to Ride\"}]}}}"}},
      {kPage, with(kGames, R"( | eval g = json_set(games,"category.boardgames.competitive", json_array(json_object("name", "Settlers of Catan"), json_object("name", "Ticket to Ride"))) | eval my_games = json_set(g,"category.boardgames.competitive{}.available", true()))"),
       "my_games",
       {"{\"category\":{\"boardgames\":{\"cooperative\":[{\"name\":\"Pandemic\"},{\"name\":\"Forbidden Island\"},{\"name\":\"Castle Panic\"}],\"competitive\":[{\"name\":\"Settlers of Catan\",\"available\":true},{\"name\":\"Ticket to Ride\",\"available\":true}]}}}"}},
      {kPage, with(kGames, R"( | eval g = json_set(games,"category.boardgames.competitive", json_array(json_object("name", "Settlers of Catan", "available", true()), json_object("name", "Ticket to Ride", "available", true()))) | eval my_games = json_set(g,"category.boardgames.competitive{0}.available", false()))"),
       "my_games",
       {"{\"category\":{\"boardgames\":{\"cooperative\":[{\"name\":\"Pandemic\"},{\"name\":\"Forbidden Island\"},{\"name\":\"Castle Panic\"}],\"competitive\":[{\"name\":\"Settlers of Catan\",\"available\":false},{\"name\":\"Ticket to Ride\",\"available\":true}]}}}"}},
      {kPage, R"(| makeresults | eval my_object=json_object(), splunk_path=json_set_exact(my_object, "system.splunk.path", "/opt/splunk"))",
       "splunk_path", {"{\"system.splunk.path\":\"/opt/splunk\"}"}},
      {kPage, R"(| makeresults | eval my_object=json_object(), splunk_path=json_set(my_object, "system.splunk.path", "/opt/splunk"))",
       "splunk_path", {"{\"system\":{\"splunk\":{\"path\":\"/opt/splunk\"}}}"}},
      {kPage, R"(| makeresults | eval firstnames="{ \"names\": [\"maria\", \"arun\"] }" | eval IsValid = if(json_valid(firstnames), "true", "false"))",
       "IsValid", {"true"}},
      {"Multivalue eval functions", R"(| makeresults | eval ponies = mvappend("\"Buttercup\"", "\"Fluttershy\"", "\"Rarity\"", "true", "null") | eval my_sweet_ponies = mv_to_json_array(ponies, false()))",
       "my_sweet_ponies", {R"(["\"Buttercup\"","\"Fluttershy\"","\"Rarity\"","true","null"])"}},
      {"Multivalue eval functions", R"(| makeresults | eval ponies = mvappend("\"Buttercup\"", "\"Fluttershy\"", "\"Rarity\"", "true", "null") | eval my_sweet_ponies = mv_to_json_array(ponies, true()))",
       "my_sweet_ponies", {R"(["Buttercup","Fluttershy","Rarity",true,null])"}},
  };
  return table;
}

}  // namespace

TEST_CASE("conformance: JSON functions") {
  auto tally = spelunk::conformance::run_examples(examples());
  spelunk::conformance::report(kPage, tally);
}
