# Sourced by the scripts/fetch_*.sh scripts: fetch files of one npm package into a folder of
# the repository that git ignores. Only downloads (npm pack); nothing is built.
#
#   fetch_npm_package NAME VERSION DEST PREPARE PATH...
#
# Does nothing when DEST already holds VERSION (FORCE=1 fetches again). Copies each PATH
# (a file or folder inside the package) into a staging folder, runs the function PREPARE on
# it ("" for none), then swaps the staging folder in whole, so a failed fetch never leaves
# half a copy behind.

fetch_npm_package() {
  local name="$1" version="$2" dest="$3" prepare="$4"
  shift 4
  local root stamp tmp stage path
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  stamp="$dest/.version"
  if [[ -z "${FORCE:-}" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
    echo "$name $version is already in ${dest#"$root"/}"
    return 0
  fi
  command -v npm >/dev/null || { echo "npm is needed to fetch $name: install Node.js and npm" >&2; return 1; }

  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064  # the folder is known now
  trap "rm -rf '$tmp'" EXIT
  echo "Fetching $name@$version"
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp"

  stage="$tmp/stage"
  mkdir -p "$stage"
  for path in "$@"; do
    cp -R "$tmp/package/$path" "$stage/"
  done
  if [[ -n "$prepare" ]]; then
    "$prepare" "$stage"
  fi
  echo "$version" > "$stage/.version"

  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest"
  mv "$stage" "$dest"
  echo "$name $version is in ${dest#"$root"/}"
}
