# kubelode lxc layer's script library, put between a script's inputs and its text (LxcScript.render):
# what the script changed and found, reported on its last line, and its log lines on stderr, each
# named by the script's LOG_AS.
changed=0
# each line says when, in seconds since the script began: the layer logs these lines (LxcNode)
log() { printf '%s: %s (at %d s)\n' "$LOG_AS" "$*" "$SECONDS" >&2; }
facts=()
# A fact for the event: key=value, on the report line (no tab or newline in a value).
fact() { facts+=("$1=${2//[$'\t\n']/ }"); }
# The last line: kubelode:changed or kubelode:unchanged, then every fact, each after a tab.
report() {
  local line=""
  ((${#facts[@]} == 0)) || line=$(printf '\t%s' "${facts[@]}")
  if ((changed)); then echo "kubelode:changed$line"; else echo "kubelode:unchanged$line"; fi
}
# a change, logged
mark() { changed=1; log "$*"; }
