import { editYamlText, type YamlEdit } from '../edit/yaml-edit.ts';
import { smallExample } from '../examples/small.ts';
import { validateFiles, type ValidationReport } from '../validate/validator.ts';

/** The small example workspace as an editable map of files (test helper). */
export function exampleFiles(): Map<string, string> {
  return smallExample('https://git.example.com/platform/tenants.git');
}

/** Applies round-trip edits to one file of the map. */
export function edit(files: Map<string, string>, file: string, edits: YamlEdit[]): Map<string, string> {
  const text = files.get(file);
  if (text === undefined) throw new Error(`no file ${file}`);
  files.set(file, editYamlText(text, edits));
  return files;
}

export function validate(files: Map<string, string>): ValidationReport {
  return validateFiles(files);
}
