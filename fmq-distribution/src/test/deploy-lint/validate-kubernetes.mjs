// Checks Kubernetes manifests against the API's schemas (kubernetes-models, generated from the
// Kubernetes OpenAPI document): each object by its apiVersion and kind, the type of every field it
// knows, required fields and allowed values. Fields the schemas do not list are not reported (the
// API server drops them), so a misspelt field name passes here. Run by DeployFilesTest:
//   node validate-kubernetes.mjs FILE...
// One line per problem; exit status 1 if there is any.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let problems = 0;
let objects = 0;
const report = (where, message) => {
  problems++;
  console.log(`${where}: ${message}`);
};

for (const file of process.argv.slice(2)) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, document] of documents.entries()) {
    const where = `${file}#${index + 1}`;
    if (document.errors.length > 0) {
      report(where, `not YAML: ${document.errors[0].message}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      report(where, "no apiVersion and kind");
      continue;
    }
    let Model;
    try {
      ({ [kind]: Model } = await import(`kubernetes-models/${apiVersion}/${kind}`));
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function") {
      report(where, `${apiVersion} ${kind} is not a kind of the Kubernetes API`);
      continue;
    }
    try {
      new Model(object).validate();
      objects++;
    } catch (e) {
      report(where, `${kind} ${object.metadata?.name ?? ""}: ${e.message}`);
    }
  }
}

if (problems > 0) {
  console.log(`${problems} problem(s) in the Kubernetes manifests`);
  process.exit(1);
}
console.log(`Kubernetes manifests: ${objects} object(s) valid`);
