#!/bin/sh
# Runs the real compiler and appends each invocation's arguments to $SEJITS_TEST_CC_LOG, so a test
# can count how often sejits ran the compiler (and whether it asked for --version).
echo "$*" >> "$SEJITS_TEST_CC_LOG"
exec cc "$@"
