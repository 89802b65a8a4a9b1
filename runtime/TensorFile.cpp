//===- TensorFile.cpp - raw float32 tensor files --------------------------===//

#include "runtime/TensorFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

bool hostIsLittleEndian() {
  const uint32_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 1;
}

/// Converts between host and little-endian byte order (its own inverse).
uint32_t swapToLittleEndian(uint32_t bits) {
  if (hostIsLittleEndian())
    return bits;
  return (bits >> 24) | ((bits >> 8) & 0xff00u) | ((bits << 8) & 0xff0000u) |
         (bits << 24);
}

/// Whether `file` has reached its end (a further read yields nothing).
bool atEnd(std::FILE *file) { return std::fgetc(file) == EOF; }

} // namespace

extern "C" {

const char *mnv4_tensor_file_status_message(int status) {
  switch (status) {
  case MNV4_TENSOR_FILE_OK:
    return "success";
  case MNV4_TENSOR_FILE_CANNOT_OPEN:
    return "cannot open the file";
  case MNV4_TENSOR_FILE_SIZE_MISMATCH:
    return "the file size does not match the tensor";
  case MNV4_TENSOR_FILE_IO_ERROR:
    return "read or write error";
  default:
    return "unknown status";
  }
}

int64_t mnv4_tensor_file_size(const char *path) {
  struct stat info;
  if (stat(path, &info) != 0)
    return -1;
  if (S_ISDIR(info.st_mode)) {
    errno = EISDIR;
    return -1;
  }
  return static_cast<int64_t>(info.st_size);
}

int mnv4_read_f32_file(const char *path, float *data, size_t count) {
  std::FILE *file = std::fopen(path, "rb");
  if (!file)
    return MNV4_TENSOR_FILE_CANNOT_OPEN;
  size_t got = std::fread(data, sizeof(float), count, file);
  int status = MNV4_TENSOR_FILE_OK;
  if (got != count)
    status = std::ferror(file) ? MNV4_TENSOR_FILE_IO_ERROR
                               : MNV4_TENSOR_FILE_SIZE_MISMATCH;
  else if (!atEnd(file))
    status = MNV4_TENSOR_FILE_SIZE_MISMATCH;
  std::fclose(file);
  if (status != MNV4_TENSOR_FILE_OK)
    return status;
  for (size_t i = 0; i < count; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &data[i], 4);
    bits = swapToLittleEndian(bits);
    std::memcpy(&data[i], &bits, 4);
  }
  return MNV4_TENSOR_FILE_OK;
}

int mnv4_write_f32_file(const char *path, const float *data, size_t count) {
  std::string temp =
      std::string(path) + ".tmp" + std::to_string(static_cast<long>(getpid()));
  std::FILE *file = std::fopen(temp.c_str(), "wb");
  if (!file)
    return MNV4_TENSOR_FILE_CANNOT_OPEN;
  bool ok = true;
  for (size_t i = 0; i < count && ok; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &data[i], 4);
    bits = swapToLittleEndian(bits);
    ok = std::fwrite(&bits, 4, 1, file) == 1;
  }
  ok = std::fclose(file) == 0 && ok;
  if (ok && std::rename(temp.c_str(), path) == 0)
    return MNV4_TENSOR_FILE_OK;
  int savedErrno = errno;
  std::remove(temp.c_str());
  errno = savedErrno;
  return MNV4_TENSOR_FILE_IO_ERROR;
}

} // extern "C"
