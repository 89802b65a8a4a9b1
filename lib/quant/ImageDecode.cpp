//===- ImageDecode.cpp - JPEG and PNG to 8-bit RGB ------------------------===//
//
// libjpeg and libpng report errors through a callback that must not return;
// both callbacks longjmp back to the decoding function. Every C++ object of
// that function is created before its setjmp, so no destructor is skipped.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Quant/CalibrationImage.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
// After jpeglib.h, which it needs.
#include <jerror.h>
#include <png.h>

namespace mnv4::quant {

using llvm::createStringError;
using llvm::formatv;

bool isImagePath(llvm::StringRef path) {
  std::string ext = llvm::sys::path::extension(path).lower();
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

namespace {

llvm::Error tooLarge(int64_t width, int64_t height, int64_t maxPixels) {
  return createStringError(
      formatv("the image is {0} x {1} pixels, more than the {2} allowed", width,
              height, maxPixels)
          .str());
}

//===----------------------------------------------------------------------===//
// JPEG
//===----------------------------------------------------------------------===//

struct JpegError {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void jpegErrorExit(j_common_ptr info) {
  auto *error = reinterpret_cast<JpegError *>(info->err);
  (*info->err->format_message)(info, error->message);
  std::longjmp(error->jump, 1);
}

/// Warnings are ignored, except a premature end of the data: PIL refuses a
/// truncated JPEG, where libjpeg would fill the rest with gray.
void jpegEmitMessage(j_common_ptr info, int level) {
  if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF)
    jpegErrorExit(info);
}

llvm::Expected<RGBImage> decodeJpeg(llvm::ArrayRef<uint8_t> bytes,
                                    int64_t maxPixels) {
  jpeg_decompress_struct info;
  JpegError error;
  RGBImage image;
  info.err = jpeg_std_error(&error.manager);
  error.manager.error_exit = jpegErrorExit;
  error.manager.emit_message = jpegEmitMessage;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    return createStringError(error.message);
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    std::snprintf(error.message, sizeof(error.message),
                  "CMYK JPEG images are not supported");
    std::longjmp(error.jump, 1);
  }
  if (static_cast<int64_t>(info.image_width) * info.image_height > maxPixels) {
    std::snprintf(
        error.message, sizeof(error.message), "%s",
        llvm::toString(tooLarge(info.image_width, info.image_height, maxPixels))
            .c_str());
    std::longjmp(error.jump, 1);
  }
  // libjpeg's defaults otherwise (ISLOW DCT, fancy upsampling), as PIL's.
  info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  image.width = info.output_width;
  image.height = info.output_height;
  image.pixels.resize(static_cast<size_t>(image.width * image.height * 3));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image.pixels.data() +
                   static_cast<size_t>(info.output_scanline) * image.width * 3;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return image;
}

//===----------------------------------------------------------------------===//
// PNG
//===----------------------------------------------------------------------===//

struct PngSource {
  llvm::ArrayRef<uint8_t> bytes;
  size_t offset = 0;
  char message[256] = {};
  char pending[256] = {};
};

void pngRead(png_structp png, png_bytep out, size_t length) {
  auto *source = static_cast<PngSource *>(png_get_io_ptr(png));
  if (length > source->bytes.size() - source->offset)
    png_error(png, "the file is truncated");
  std::memcpy(out, source->bytes.data() + source->offset, length);
  source->offset += length;
}

[[noreturn]] void pngError(png_structp png, png_const_charp message) {
  auto *source = static_cast<PngSource *>(png_get_error_ptr(png));
  std::snprintf(source->message, sizeof(source->message), "%s", message);
  png_longjmp(png, 1);
}

void pngWarning(png_structp, png_const_charp) {}

llvm::Expected<RGBImage> decodePng(llvm::ArrayRef<uint8_t> bytes,
                                   int64_t maxPixels) {
  PngSource source{bytes};
  RGBImage image;
  std::vector<png_bytep> rows;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &source,
                                           pngError, pngWarning);
  if (!png)
    return createStringError("libpng cannot start");
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    return createStringError(source.message[0] ? source.message
                                               : "libpng failed");
  }
  png_set_read_fn(png, &source, pngRead);
  png_read_info(png, info);
  png_uint_32 width = png_get_image_width(png, info);
  png_uint_32 height = png_get_image_height(png, info);
  if (static_cast<int64_t>(width) * height > maxPixels) {
    // Formatted before png_error, which does not return: no temporary may be
    // alive then.
    std::string message = llvm::toString(tooLarge(width, height, maxPixels));
    std::snprintf(source.pending, sizeof(source.pending), "%s",
                  message.c_str());
  }
  if (source.pending[0])
    png_error(png, source.pending);
  // PIL's convert("RGB"): palettes and low bit depths expanded, alpha and
  // transparency dropped (not composited), 16-bit samples' high byte.
  png_set_palette_to_rgb(png);
  png_set_expand_gray_1_2_4_to_8(png);
  png_set_strip_16(png);
  png_set_strip_alpha(png);
  png_set_gray_to_rgb(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  if (png_get_rowbytes(png, info) != static_cast<size_t>(width) * 3)
    png_error(png, "unexpected row layout after conversion to RGB");
  image.width = width;
  image.height = height;
  image.pixels.resize(static_cast<size_t>(width) * height * 3);
  rows.resize(height);
  for (png_uint_32 y = 0; y < height; ++y)
    rows[y] = image.pixels.data() + static_cast<size_t>(y) * width * 3;
  png_read_image(png, rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return image;
}

} // namespace

llvm::Expected<RGBImage> decodeImage(llvm::ArrayRef<uint8_t> bytes,
                                     int64_t maxPixels) {
  static const uint8_t kJpeg[] = {0xFF, 0xD8, 0xFF};
  static const uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (bytes.size() >= sizeof(kJpeg) &&
      std::memcmp(bytes.data(), kJpeg, sizeof(kJpeg)) == 0)
    return decodeJpeg(bytes, maxPixels);
  if (bytes.size() >= sizeof(kPng) &&
      std::memcmp(bytes.data(), kPng, sizeof(kPng)) == 0)
    return decodePng(bytes, maxPixels);
  return createStringError("it is neither a JPEG nor a PNG file (no JPEG or "
                           "PNG signature)");
}

} // namespace mnv4::quant
