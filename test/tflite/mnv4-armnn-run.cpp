//===- mnv4-armnn-run.cpp - run a .tflite file on Arm NN's CpuRef ---------===//
//
//   mnv4-armnn-run MODEL.tflite IN.bin OUT.bin
//
// The independent validator of the TFLite writer (docs/tflite.md): Debian's
// Arm NN 20.08 TFLite parser and its CpuRef backend run a float-in,
// float-out model. IN.bin is raw float32, a rank-4 input stored NCHW (as
// mnv4-run reads it) and fed NHWC; OUT.bin receives the raw float32 output.
// One IRuntime per process (Arm NN 20.08 cannot create a second one).
//
//===----------------------------------------------------------------------===//

#include <armnn/ArmNN.hpp>
#include <armnnTfLiteParser/ITfLiteParser.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

namespace {

std::vector<float> readFloats(const char *path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  std::vector<float> values(bytes.size() / sizeof(float));
  std::copy(bytes.begin(), bytes.begin() + values.size() * sizeof(float),
            reinterpret_cast<char *>(values.data()));
  return values;
}

/// NCHW file data to the NHWC tensor `shape`.
std::vector<float> toNHWC(const std::vector<float> &nchw,
                          const armnn::TensorShape &shape) {
  if (shape.GetNumDimensions() != 4)
    return nchw;
  unsigned n = shape[0], h = shape[1], w = shape[2], c = shape[3];
  std::vector<float> nhwc(nchw.size());
  for (unsigned b = 0; b < n; ++b)
    for (unsigned ch = 0; ch < c; ++ch)
      for (unsigned y = 0; y < h; ++y)
        for (unsigned x = 0; x < w; ++x)
          nhwc[((b * h + y) * w + x) * c + ch] =
              nchw[((b * c + ch) * h + y) * w + x];
  return nhwc;
}

int run(const char *model, const char *inPath, const char *outPath) {
  auto parser = armnnTfLiteParser::ITfLiteParser::Create();
  armnn::INetworkPtr net = parser->CreateNetworkFromBinaryFile(model);
  auto inBinding = parser->GetNetworkInputBindingInfo(
      0, parser->GetSubgraphInputTensorNames(0)[0]);
  auto outBinding = parser->GetNetworkOutputBindingInfo(
      0, parser->GetSubgraphOutputTensorNames(0)[0]);
  armnn::IRuntimePtr runtime =
      armnn::IRuntime::Create(armnn::IRuntime::CreationOptions());
  armnn::IOptimizedNetworkPtr optimized =
      armnn::Optimize(*net, {armnn::Compute::CpuRef}, runtime->GetDeviceSpec());
  armnn::NetworkId id;
  if (runtime->LoadNetwork(id, std::move(optimized)) !=
      armnn::Status::Success) {
    std::cerr << "error: Arm NN cannot load " << model << "\n";
    return 1;
  }
  std::vector<float> input =
      toNHWC(readFloats(inPath), inBinding.second.GetShape());
  if (input.size() != inBinding.second.GetNumElements()) {
    std::cerr << "error: " << inPath << " holds " << input.size()
              << " floats, the model's input needs "
              << inBinding.second.GetNumElements() << "\n";
    return 1;
  }
  std::vector<float> output(outBinding.second.GetNumElements());
  armnn::InputTensors inputs{
      {inBinding.first, armnn::ConstTensor(inBinding.second, input.data())}};
  armnn::OutputTensors outputs{
      {outBinding.first, armnn::Tensor(outBinding.second, output.data())}};
  if (runtime->EnqueueWorkload(id, inputs, outputs) != armnn::Status::Success) {
    std::cerr << "error: Arm NN failed to run " << model << "\n";
    return 1;
  }
  std::ofstream out(outPath, std::ios::binary);
  out.write(reinterpret_cast<const char *>(output.data()),
            static_cast<std::streamsize>(output.size() * sizeof(float)));
  return out ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 4) {
    std::cerr << "usage: mnv4-armnn-run MODEL.tflite IN.bin OUT.bin\n";
    return 2;
  }
  try {
    return run(argv[1], argv[2], argv[3]);
  } catch (const std::exception &e) {
    std::cerr << "error: Arm NN: " << e.what() << "\n";
    return 1;
  }
}
