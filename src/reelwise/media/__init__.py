"""Video analysis: analysers take decoded frames, audio samples and transcripts, never paths."""
