#!/usr/bin/env bash
# The whole benchmark in one command: release builds, then generate 1,000,000 people (or --people N),
# start the server and the floor server on 127.0.0.1:5231-5232, run every scenario, print the table.
# Extra options go to the benchmark: --people N --seconds S --warmup S --db PATH --keep-db --only a,b --out FILE
# PostgreSQL: --provider postgres [--pg "<Npgsql connection string>"] [--hosts 2] [--fresh] (see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -v quiet -nologo src/Flameup.Admin.Web/Flameup.Admin.Web.csproj >/dev/null
dotnet build -c Release -v quiet -nologo bench/Flameup.Admin.Bench/Flameup.Admin.Bench.csproj >/dev/null
exec dotnet bench/Flameup.Admin.Bench/bin/Release/net10.0/Flameup.Admin.Bench.dll all "$@"
