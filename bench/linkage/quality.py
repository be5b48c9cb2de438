"""Pairwise precision, recall and F1 of a clustering against ground truth.

Usage: python3 quality.py TRUTH.csv CLUSTERS.csv [LABEL]

Both files are CSV with a header; the first column is the record id and the second its
label (true entity, or predicted cluster). A record missing from CLUSTERS counts as a
cluster of its own. Prints one line: label, precision, recall, f1 and the pair counts.
"""

import csv
import sys
from collections import Counter


def read_labels(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        return {row[0]: row[1] for row in rows if len(row) >= 2}


def pairs_within(counter):
    return sum(n * (n - 1) // 2 for n in counter.values())


def pairwise(truth, clusters):
    """Pairs of records sharing a label, counted per label without listing them."""
    predicted = Counter()
    true = Counter()
    both = Counter()
    for record, entity in truth.items():
        cluster = clusters.get(record, ("alone", record))
        predicted[cluster] += 1
        true[entity] += 1
        both[(cluster, entity)] += 1
    predicted_pairs = pairs_within(predicted)
    true_pairs = pairs_within(true)
    correct = pairs_within(both)
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "correct_pairs": correct,
    }


def line(label, result):
    return (
        f"{label:<10} precision={result['precision']:.4f} recall={result['recall']:.4f} "
        f"f1={result['f1']:.4f} true_pairs={result['true_pairs']} "
        f"predicted_pairs={result['predicted_pairs']} correct_pairs={result['correct_pairs']}"
    )


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    label = sys.argv[3] if len(sys.argv) > 3 else "result"
    print(line(label, pairwise(read_labels(sys.argv[1]), read_labels(sys.argv[2]))))


if __name__ == "__main__":
    main()
