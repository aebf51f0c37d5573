#!/bin/sh
# A stand-in for a clang without the OpenMP runtime, for the probe's error message.
if [ "$1" = "--version" ]; then
  echo "Debian clang version 14.0.6"
  echo "Target: x86_64-pc-linux-gnu"
  exit 0
fi
echo "probe.c:1:10: fatal error: 'omp.h' file not found" >&2
exit 1
