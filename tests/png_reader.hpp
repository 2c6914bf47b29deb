// A small PNG decoder for the browser tests: 8-bit RGB / RGBA, not interlaced (what headless
// Chromium writes for --screenshot). Enough to count the pixels a page really painted.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace spelunk::test {

struct Image {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3
  std::string error;              // set when the file could not be decoded

  const std::uint8_t* pixel(std::uint32_t x, std::uint32_t y) const { return &rgb[(static_cast<std::size_t>(y) * width + x) * 3]; }
};

inline std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

inline Image decode_png(const std::string& file) {
  Image img;
  const auto* b = reinterpret_cast<const unsigned char*>(file.data());
  if (file.size() < 33 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) {
    img.error = "not a PNG file";
    return img;
  }
  std::string idat;
  int color_type = -1, depth = 0, interlace = 0;
  for (std::size_t at = 8; at + 12 <= file.size();) {
    std::uint32_t len = be32(b + at);
    std::string type = file.substr(at + 4, 4);
    if (at + 12 + len > file.size()) break;
    const unsigned char* data = b + at + 8;
    if (type == "IHDR") {
      img.width = be32(data);
      img.height = be32(data + 4);
      depth = data[8];
      color_type = data[9];
      interlace = data[12];
    } else if (type == "IDAT") {
      idat.append(reinterpret_cast<const char*>(data), len);
    }
    at += 12 + len;
  }
  if (depth != 8 || (color_type != 2 && color_type != 6) || interlace != 0 || img.width == 0 || img.height == 0 ||
      img.width > 20000 || img.height > 20000) {
    img.error = "unsupported PNG layout";
    return img;
  }
  const std::size_t channels = color_type == 6 ? 4 : 3, stride = img.width * channels;
  std::vector<std::uint8_t> raw((stride + 1) * img.height);
  uLongf raw_len = static_cast<uLongf>(raw.size());
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), static_cast<uLong>(idat.size())) != Z_OK ||
      raw_len != raw.size()) {
    img.error = "cannot inflate the image data";
    return img;
  }
  // Undo the per-row filters (PNG spec, 9.2), then drop alpha.
  std::vector<std::uint8_t> prev(stride, 0), cur(stride);
  img.rgb.resize(static_cast<std::size_t>(img.width) * img.height * 3);
  for (std::uint32_t y = 0; y < img.height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= channels ? cur[i - channels] : 0, up = prev[i], c = i >= channels ? prev[i - channels] : 0;
      int pred = 0;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = up; break;
        case 3: pred = (a + up) / 2; break;
        case 4: {
          const int p = a + up - c, pa = std::abs(p - a), pb = std::abs(p - up), pc = std::abs(p - c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? up : c;
          break;
        }
        default: img.error = "bad row filter"; return img;
      }
      cur[i] = static_cast<std::uint8_t>(in[i] + pred);
    }
    for (std::uint32_t x = 0; x < img.width; ++x)
      for (int k = 0; k < 3; ++k) img.rgb[(static_cast<std::size_t>(y) * img.width + x) * 3 + k] = cur[x * channels + k];
    std::swap(prev, cur);
  }
  return img;
}

}  // namespace spelunk::test
