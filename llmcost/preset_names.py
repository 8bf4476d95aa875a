"""The names of the log-format presets, in `presets.PRESETS` order, without Polars: `--preset`'s help
lists them, and `llmcost --help` must not wait for Polars to import (a test keeps the two equal)."""

PRESET_NAMES = (
    "openai",
    "anthropic",
    "claude-code",
    "codex",
    "litellm",
    "langfuse",
    "helicone",
    "otel",
    "posthog",
    "azure-trace",
)
