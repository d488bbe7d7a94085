set -euo pipefail
# kubelode script library: prepended to every k8s-layer script after its readonly parameters.
CHANGED=0

# put_file PATH MODE BASE64: writes the decoded content (from a here-string, never argv) when it differs
put_file() {
  local path=$1 mode=$2 b64=$3 tmp
  mkdir -p "$(dirname "$path")"
  tmp=$(mktemp "$(dirname "$path")/.kubelode.XXXXXX")
  base64 -d <<<"$b64" >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f $path ]] && cmp -s "$tmp" "$path" && [[ $(stat -c %a "$path") == "$mode" ]]; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$path"
  CHANGED=1
  return 0
}

FACTS=()
# fact KEY VALUE: a fact for the layer, on the report line (no tab or newline in a value)
fact() { FACTS+=("$1=${2//[$'\t\n']/ }"); }

# finish: the last stdout line every kubelode script prints, kubelode:changed or kubelode:unchanged,
# then every fact, each after a tab (support's HostScript.reportFields reads it)
finish() {
  local line=""
  ((${#FACTS[@]} == 0)) || line=$(printf '\t%s' "${FACTS[@]}")
  if ((CHANGED)); then
    echo "kubelode:changed$line"
  else
    echo "kubelode:unchanged$line"
  fi
}
