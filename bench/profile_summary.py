#!/usr/bin/env python3
"""Summarise an async-profiler collapsed-stack file (JMH -prof async:output=collapsed) into the stages of
Bianwei's pipeline (both threads: the caller's and the rule worker's): each sample is charged to the innermost stage frame on its stack, and inclusive percentages
are shown for a few notable frames. Usage: profile_summary.py collapsed-cpu.csv"""
import sys
from collections import Counter

# (label, substring of a frame) — the innermost match on a stack wins, so list nested stages too
STAGES = [
    ("normalise: NFKC per code point", "java.text.Normalizer.normalize"),
    ("normalise: traditional->simplified", "HanLP.convertToSimplifiedChinese"),
    ("normalise (rest)", "io.bianwei.internal.text.Normalizer.normalize"),
    ("term match (Aho-Corasick + sort/dedup)", "io.bianwei.internal.match.TermMatcher.match"),
    ("sentence split", "io.bianwei.internal.text.Sentences"),
    ("known claims", "io.bianwei.internal.claims.ClaimMatcher"),
    ("fast path (RuleNeeds)", "io.bianwei.internal.pipeline.RuleNeeds"),
    ("HanLP: POS tagging (Viterbi over natures)", "WordBasedSegment.speechTagging"),
    ("HanLP: word graph + Viterbi", "com.hankcs.hanlp.seg.Segment.seg"),
    ("Segmenter wrapper (Token objects)", "io.bianwei.internal.segment.Segmenter"),
    ("boundary filter (own code)", "io.bianwei.internal.pipeline.BoundaryFilter"),
    ("facts", "io.bianwei.internal.pipeline.FactBuilder"),
    ("Drools: new session", "newKieSession"),
    ("Drools: insert", "StatefulKnowledgeSessionImpl.insert"),
    ("Drools: fireAllRules", "fireAllRules"),
    ("Drools: dispose", "StatefulKnowledgeSessionImpl.dispose"),
    ("Drools engine (other)", "io.bianwei.internal.engine.DroolsEngine"),
    ("Out.emit / findings", "io.bianwei.facts.Out"),
    ("learned verdict (n-grams + model)", "io.bianwei.internal.model"),
    ("verdict (Judge)", "io.bianwei.internal.pipeline.Judge"),
    ("span mapping (toOriginal)", "NormalizedText.toOriginal"),
    ("Pipeline (own code)", "io.bianwei.internal.pipeline.Pipeline"),
]
NOTABLE = [
    "TransformMatrix.extend", "CoreBiGramTableDictionary.getBiFrequency", "DynamicCustomDictionary",
    "GC", "java.text.Normalizer.normalize", "HanLP.convertToSimplifiedChinese", "newKieSession",
    "fireAllRules", "StatefulKnowledgeSessionImpl.insert", "dispose", "io.bianwei.internal.model",
    "io.bianwei.internal.segment.Segmenter", "io.bianwei.internal.engine.DroolsEngine.run",
]
# the rule worker runs on its own thread: its stacks start there, not under Pipeline.analyze
ROOTS = ("io.bianwei.internal.pipeline.Pipeline.analyze", "io.bianwei.internal.engine.DroolsEngine")


def main(path):
    total = 0
    stage = Counter()
    notable = Counter()
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            continue
        stack, _, n = line.rpartition(" ")
        n = int(n)
        total += n
        frames = [f.replace("/", ".") for f in stack.split(";")]
        label = "outside the pipeline (JMH, GC and JIT threads)"
        if any(r in f for f in frames for r in ROOTS):
            label = "Pipeline (own code)"
            for f in reversed(frames):  # innermost first
                hit = next((l for l, s in STAGES if s in f), None)
                if hit:
                    label = hit
                    break
        stage[label] += n
        for s in NOTABLE:
            if any(s in f for f in frames):
                notable[s] += n
    print(f"{total} samples")
    print("\nSelf + callees charged to the innermost pipeline stage:")
    for l, n in stage.most_common():
        print(f"  {100.0 * n / total:5.1f} %  {l}")
    print("\nInclusive (any frame on the stack):")
    for s, n in notable.most_common():
        print(f"  {100.0 * n / total:5.1f} %  {s}")


if __name__ == "__main__":
    main(sys.argv[1])
