// Network: cidrmatch(cidr, ip) for IPv4 and IPv6; ipmask(mask, ip) for IPv4 (Conversion
// functions: "The mask must be a valid IPv4 address").
#include <arpa/inet.h>

#include <array>
#include <cstring>

#include "evaluator/functions/helpers.hpp"

namespace spelunk::functions {

namespace {

struct Address {
  std::array<unsigned char, 16> bytes{};
  int bits = 0;  // 32 or 128
};

std::optional<Address> parse_address(const std::string& text) {
  Address a;
  if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) { a.bits = 32; return a; }
  if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) { a.bits = 128; return a; }
  return std::nullopt;
}

bool prefix_equal(const Address& x, const Address& y, int prefix) {
  int full = prefix / 8, rest = prefix % 8;
  if (std::memcmp(x.bytes.data(), y.bytes.data(), static_cast<std::size_t>(full)) != 0) return false;
  if (rest == 0) return true;
  auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (x.bytes[static_cast<std::size_t>(full)] & mask) == (y.bytes[static_cast<std::size_t>(full)] & mask);
}

// A CIDR "net/len" (or a bare address = exact match); nullopt when invalid.
std::optional<std::pair<Address, int>> parse_cidr(const std::string& cidr) {
  std::size_t slash = cidr.find('/');
  auto net = parse_address(cidr.substr(0, slash));
  if (!net) return std::nullopt;
  int prefix = net->bits;
  if (slash != std::string::npos) {
    double d = 0;
    if (!parse_number(cidr.substr(slash + 1), d) || d < 0 || d > net->bits || d != static_cast<int>(d))
      return std::nullopt;
    prefix = static_cast<int>(d);
  }
  return std::make_pair(*net, prefix);
}

Value fn_cidrmatch(const CallArgs& a) {
  auto cidr_text = string_arg(a, 0);
  Value ip = a.value(1);
  if (!cidr_text || ip.is_null()) return Value::null();
  auto cidr = parse_cidr(*cidr_text);
  if (!cidr) return Value::boolean(false);
  for (const auto& text : ip.values()) {
    auto addr = parse_address(text);
    if (addr && addr->bits == cidr->first.bits && prefix_equal(*addr, cidr->first, cidr->second))
      return Value::boolean(true);
  }
  return Value::boolean(false);
}

// ipmask("255.255.255.0", "10.20.30.120") is 10.20.30.0: the address ANDed with the mask. An
// invalid mask is an error; an address that is not IPv4 gives null.
Value fn_ipmask(const CallArgs& a) {
  auto mask_text = string_arg(a, 0);
  Value ip = a.value(1);
  if (!mask_text || ip.is_null()) return Value::null();
  auto mask = parse_address(*mask_text);
  if (!mask || mask->bits != 32) a.fail("the mask `" + *mask_text + "` is not an IPv4 address");
  std::vector<std::string> out;
  for (const auto& text : ip.values()) {
    auto addr = parse_address(text);
    if (!addr || addr->bits != 32) continue;
    std::string masked;
    for (std::size_t i = 0; i < 4; ++i) masked += (i ? "." : "") + std::to_string(addr->bytes[i] & mask->bytes[i]);
    out.push_back(std::move(masked));
  }
  return Value::list(std::move(out));
}

}  // namespace

void register_network(FunctionTable& t) {
  add(t, "cidrmatch", 2, 2, fn_cidrmatch, true);
  add(t, "ipmask", 2, 2, fn_ipmask);
}

}  // namespace spelunk::functions
