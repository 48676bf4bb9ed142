// web/stages.js — the page's one list of the lab's stages: the training stages (each draws
// loss and accuracy curves) in the order the core runs them, their short and long names, and
// the words for the measuring stages ("measure <variant id>").

export const TRAINING_STAGES = [
  { id: 'baseline', short: 'Baseline', long: 'Training the float baseline' },
  { id: 'qat', short: 'QAT', long: 'Quantization-aware training (int8)' },
  { id: 'prune', short: 'Pruning', long: 'Pruning while fine-tuning' },
  { id: 'pruned-qat', short: 'Pruned QAT', long: 'Quantization-aware training of the pruned model' },
  { id: 'reference', short: 'Float reference', long: 'Fine-tuning the float model as long as the pruned one (reference)' },
];

const byId = new Map(TRAINING_STAGES.map((s) => [s.id, s]));

export const isTrainingStage = (stage) => byId.has(stage);

export const shortStageName = (stage) => byId.get(stage)?.short ?? stage;

export function stageName(stage) {
  return byId.get(stage)?.long ?? stage.replace(/^measure (.*)$/, 'Measuring $1 on the test digits');
}
