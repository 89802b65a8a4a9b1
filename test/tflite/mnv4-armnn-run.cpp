//===- mnv4-armnn-run.cpp - run a .tflite file on Arm NN's CpuRef ---------===//
//
//   mnv4-armnn-run MODEL.tflite IN.bin OUT.bin [DIR]
//
// The independent validator of the TFLite writer (docs/tflite.md): Debian's
// Arm NN 20.08 TFLite parser and its CpuRef backend run a float-in,
// float-out model. IN.bin is raw float32, a rank-4 input stored NCHW (as
// mnv4-run reads it) and fed NHWC; OUT.bin receives the raw float32 output 0;
// with DIR, every output k is also written to DIR/<k>.bin (raw float32 or
// int8: a model exported with mnv4-compile --tflite-every-op-output).
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

int run(const char *model, const char *inPath, const char *outPath,
        const char *dir) {
  auto parser = armnnTfLiteParser::ITfLiteParser::Create();
  armnn::INetworkPtr net = parser->CreateNetworkFromBinaryFile(model);
  auto inBinding = parser->GetNetworkInputBindingInfo(
      0, parser->GetSubgraphInputTensorNames(0)[0]);
  std::vector<armnnTfLiteParser::BindingPointInfo> outBindings;
  for (const std::string &name : parser->GetSubgraphOutputTensorNames(0))
    outBindings.push_back(parser->GetNetworkOutputBindingInfo(0, name));
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
  armnn::InputTensors inputs{
      {inBinding.first, armnn::ConstTensor(inBinding.second, input.data())}};
  std::vector<std::vector<char>> results;
  armnn::OutputTensors outputs;
  for (const auto &binding : outBindings) {
    results.emplace_back(binding.second.GetNumBytes());
    outputs.push_back(
        {binding.first, armnn::Tensor(binding.second, results.back().data())});
  }
  if (runtime->EnqueueWorkload(id, inputs, outputs) != armnn::Status::Success) {
    std::cerr << "error: Arm NN failed to run " << model << "\n";
    return 1;
  }
  auto write = [](const std::string &path, const std::vector<char> &bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
  };
  if (!write(outPath, results.front()))
    return 1;
  for (size_t k = 0; dir && k < results.size(); ++k)
    if (!write(std::string(dir) + "/" + std::to_string(k) + ".bin", results[k]))
      return 1;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: mnv4-armnn-run MODEL.tflite IN.bin OUT.bin [DIR]\n";
    return 2;
  }
  try {
    return run(argv[1], argv[2], argv[3], argc == 5 ? argv[4] : nullptr);
  } catch (const std::exception &e) {
    std::cerr << "error: Arm NN: " << e.what() << "\n";
    return 1;
  }
}
