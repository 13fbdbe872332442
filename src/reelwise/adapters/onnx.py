"""ONNX Runtime sessions for reelwise's models (the OCR models; the voice-activity model
makes its own, the same way, in :mod:`reelwise.media.vad`)."""

from __future__ import annotations

from typing import Any


def cpu_session(path: str | bytes, threads: int) -> Any:
    """An ONNX Runtime session on the CPU (of a model file, or its bytes) whose idle threads sleep instead of spinning.

    By default ONNX Runtime's worker threads spin for a while after each run, waiting for
    more work: in a check that decodes video at the same time, that spinning takes the
    decoder's CPU (about 0.1 s of CPU thrown away per OCR reading, measured). Graph
    optimisations on, memory arena off, ``threads`` for each operator, one between them.
    Errors loading the model are ONNX Runtime's own; callers say which model it was.
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
