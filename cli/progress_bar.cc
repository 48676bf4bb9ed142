// cli/progress_bar.cc — "epoch 1/5  batch 120/226 [=====>    ] loss 0.4123  accuracy 0.8842
// 3,120 samples/s"; the epoch line adds val_loss, val_accuracy and the epoch's seconds.
#include "cli/progress_bar.h"

#include <algorithm>
#include <cmath>

#include "cli/number_format.h"

namespace qplab::cli {

namespace {

constexpr int kBarWidth = 24;
constexpr double kRedrawSeconds = 0.1;

std::string bar(int done, int total) {
  const int filled =
      total > 0 ? static_cast<int>(static_cast<long long>(done) * kBarWidth / total) : 0;
  std::string text = "[";
  for (int i = 0; i < kBarWidth; ++i) text += i < filled ? '=' : (i == filled ? '>' : ' ');
  return text + "]";
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out, bool live) : out_(out), live_(live) {}

std::string ProgressBar::line(const BatchProgress& p) const {
  const std::string batches = std::to_string(p.batches);
  std::string batch = std::to_string(p.batch);
  batch.insert(0, batches.size() - std::min(batches.size(), batch.size()), ' ');
  return "epoch " + std::to_string(p.epoch) + "/" + std::to_string(p.epochs) + "  batch " + batch +
         "/" + batches + " " + bar(p.batch, p.batches) + " loss " + fixed(p.loss, 4) +
         "  accuracy " + fixed(p.accuracy, 4) + "  " + grouped(std::llround(p.samples_per_second)) +
         " samples/s";
}

void ProgressBar::on_batch(const BatchProgress& progress) {
  last_ = progress;
  if (!live_) return;
  const double now = clock_.seconds();
  if (now - last_draw_ < kRedrawSeconds) return;
  last_draw_ = now;
  // \033[K clears what a longer previous line left behind.
  std::fprintf(out_, "\r%s\033[K", line(progress).c_str());
  std::fflush(out_);
}

void ProgressBar::on_epoch(const EpochResult& result) {
  std::string text = line(last_);
  if (!std::isnan(result.val_loss))
    text += "  val_loss " + fixed(result.val_loss, 4) + "  val_accuracy " +
            fixed(result.val_accuracy, 4);
  text += "  " + fixed(result.seconds, 1) + " s";
  std::fprintf(out_, live_ ? "\r%s\033[K\n" : "%s\n", text.c_str());
  std::fflush(out_);
  last_draw_ = {};
}

}  // namespace qplab::cli
