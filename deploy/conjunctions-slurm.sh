#!/bin/bash
# Sharded conjunction screening with a Slurm job array, then a dependent merge job.
# usage: sbatch --export=CATALOG=/path/catalog.3le,START=2023-10-09T12:00:00Z,DURATION=7d,THRESHOLD=5 \
#        deploy/conjunctions-slurm.sh        (submits the array and the merge; N = 8 below)
#SBATCH --job-name=perigee-conj
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=01:00:00
set -euo pipefail
N=${N:-8}
OUT=${OUT:-$PWD/conjunctions-out}
if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
    mkdir -p "$OUT"
    array=$(sbatch --parsable --array=1-"$N" --export=ALL,N="$N",OUT="$OUT" "$0")
    sbatch --dependency=afterok:"$array" --job-name=perigee-conj-merge --cpus-per-task=1 --mem=1G \
        --wrap="perigee conjunctions merge $OUT/shard-*.csv > $OUT/conjunctions.csv"
    exit 0
fi
K=$SLURM_ARRAY_TASK_ID
perigee conjunctions "$CATALOG" --start "$START" --duration "$DURATION" --threshold "$THRESHOLD" \
    --shard "$K/$N" --threads "$SLURM_CPUS_PER_TASK" --format csv > "$OUT/shard-$K.csv.tmp"
mv "$OUT/shard-$K.csv.tmp" "$OUT/shard-$K.csv"
