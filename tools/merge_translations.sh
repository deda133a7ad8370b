#!/usr/bin/env bash
# Extract every source text, then fill the Vietnamese catalogue from showroom_pos/resources/i18n/pending/*.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python tools/i18n.py extract
cat showroom_pos/resources/i18n/pending/*.tsv | .venv/bin/python tools/i18n.py fill
.venv/bin/python tools/i18n.py untranslated
