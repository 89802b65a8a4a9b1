/*===- TensorFile.h - raw float32 tensor files ------------------*- C -*-===*\
|*                                                                          *|
|* The tensor file format of the project (and of /work/shared/models): raw  *|
|* little-endian IEEE float32 values, row-major, no header. A C interface,  *|
|* free of LLVM, so that generated code and its test harnesses can link it. *|
|*                                                                          *|
\*===----------------------------------------------------------------------===*/

#ifndef MNV4_RUNTIME_TENSORFILE_H
#define MNV4_RUNTIME_TENSORFILE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mnv4_tensor_file_status {
  MNV4_TENSOR_FILE_OK = 0,
  MNV4_TENSOR_FILE_CANNOT_OPEN = 1,   /* see errno */
  MNV4_TENSOR_FILE_SIZE_MISMATCH = 2, /* file size != count * 4 */
  MNV4_TENSOR_FILE_IO_ERROR = 3,      /* see errno */
};

/* A short description of a status, e.g. "cannot open the file". */
const char *mnv4_tensor_file_status_message(int status);

/* Size of the file in bytes; -1 when it cannot be opened (errno is set). */
int64_t mnv4_tensor_file_size(const char *path);

/* Reads exactly `count` floats; any other file size is an error. */
int mnv4_read_f32_file(const char *path, float *data, size_t count);

/* Writes `count` floats into a temporary file next to `path`, then renames it
   over `path`: a failure never leaves a partial file behind. */
int mnv4_write_f32_file(const char *path, const float *data, size_t count);

#ifdef __cplusplus
}
#endif

#endif /* MNV4_RUNTIME_TENSORFILE_H */
