# Stand-in for the Hub's evaluate-metric/accuracy script, served by the loopback Hub.
# The evaluate wheel ships no metric scripts; this one computes the same figure as the
# real one (scikit-learn's accuracy_score) with numpy alone, so every backend can load it.
import datasets
import evaluate
import numpy as np

_DESCRIPTION = "Accuracy: the proportion of predictions equal to their references."


class Accuracy(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description="predictions and references: lists of integer class ids",
            features=datasets.Features(
                {"predictions": datasets.Value("int32"), "references": datasets.Value("int32")}
            ),
        )

    def _compute(self, predictions, references, normalize=True, sample_weight=None):
        hits = np.asarray(predictions) == np.asarray(references)
        weights = np.ones(len(hits)) if sample_weight is None else np.asarray(sample_weight)
        score = float((hits * weights).sum())
        return {"accuracy": score / float(weights.sum()) if normalize else score}
