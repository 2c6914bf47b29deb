// Digests as lower-case hex: md5, sha1, sha256, sha512 (OpenSSL libcrypto, Debian libssl-dev).
#include <openssl/evp.h>

#include "evaluator/functions/helpers.hpp"

namespace spelunk::functions {

namespace {

std::string hex_digest(const EVP_MD* md, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

template <const EVP_MD* (*Md)()>
Value digest(const CallArgs& a) {
  auto s = string_arg(a, 0);
  if (!s) return Value::null();
  return Value::of(hex_digest(Md(), *s));
}

}  // namespace

void register_hash(FunctionTable& t) {
  add(t, "md5", 1, 1, digest<EVP_md5>);
  add(t, "sha1", 1, 1, digest<EVP_sha1>);
  add(t, "sha256", 1, 1, digest<EVP_sha256>);
  add(t, "sha512", 1, 1, digest<EVP_sha512>);
}

}  // namespace spelunk::functions
