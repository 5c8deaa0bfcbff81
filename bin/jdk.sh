# Sourced by bin/lockstep and bin/test: finds a JDK 25 or newer and sets LOCKSTEP_JAVA_HOME.
# Order: JAVA_HOME when it is 25 or newer, else the newest JDK >= 25 under /usr/lib/jvm
# (or LOCKSTEP_JVM_DIR). Prints a plain message and returns 1 when there is none.

lockstep_java_major() {
  # $1: a JDK home. Prints its feature version (e.g. 25), or nothing.
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

lockstep_find_jdk() {
  local need=25 home major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(lockstep_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$need" ]; then
      LOCKSTEP_JAVA_HOME=$JAVA_HOME
      return 0
    fi
  fi
  for home in "${LOCKSTEP_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(lockstep_java_major "$home")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$need" ] && [ "$major" -gt "$best_major" ]; then
      best=$home
      best_major=$major
    fi
  done
  if [ -n "$best" ]; then
    LOCKSTEP_JAVA_HOME=$best
    return 0
  fi
  echo "lockstep: no JDK $need or newer found." >&2
  echo "  JAVA_HOME is '${JAVA_HOME:-unset}'$( [ -n "${JAVA_HOME:-}" ] && printf ' (Java %s)' "$(lockstep_java_major "$JAVA_HOME")")," >&2
  echo "  and ${LOCKSTEP_JVM_DIR:-/usr/lib/jvm} holds none. Install a JDK $need (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}

# The JVM flags the runtime needs (kept in step with lockstep.jvm.flags in pom.xml).
LOCKSTEP_JVM_FLAGS="--add-exports java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED"
# Commands that start a Hazelcast member (cluster, serve with a cluster section): the internal API
# access Hazelcast asks for at start (it warns without it), and quiet sun.misc.Unsafe use by its
# shaded JCTools.
LOCKSTEP_HAZELCAST_FLAGS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
