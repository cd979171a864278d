import { autocompletion } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { sql, StandardSQL } from '@codemirror/lang-sql';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, placeholder } from '@codemirror/view';
import type { ColumnInfo } from '../data/catalog';
import { completionSchema } from './sql-editor';

/*
 * CodeMirror behind a small handle. SqlEditor.svelte imports this module only when an editor is
 * first shown, so that CodeMirror is its own chunk and no part of the app's boot (issue 21).
 */

export interface SqlEditorOptions {
  readonly value: string;
  readonly label: string;
  readonly schema: ReadonlyMap<string, readonly ColumnInfo[]>;
  readonly onChange: (value: string) => void;
  readonly onRun: () => void;
}

export interface SqlEditorHandle {
  /** Replaces the text when it differs (an undo of the case, a restore). */
  setValue(value: string): void;
  setSchema(schema: ReadonlyMap<string, readonly ColumnInfo[]>): void;
  /** Marks an error at `position` in the text, or clears the marks. */
  setError(error: { position: number | undefined; message: string } | undefined): void;
  destroy(): void;
}

const language = (schema: ReadonlyMap<string, readonly ColumnInfo[]>) =>
  sql({ dialect: StandardSQL, schema: completionSchema(schema), upperCaseKeywords: true });

export function createSqlEditor(parent: HTMLElement, options: SqlEditorOptions): SqlEditorHandle {
  const languageSlot = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.value,
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle),
        languageSlot.of(language(options.schema)),
        autocompletion(),
        placeholder('SELECT … FROM …'),
        Prec.highest(
          keymap.of([
            {
              key: 'Shift-Enter',
              run: () => {
                options.onRun();
                return true;
              },
            },
          ]),
        ),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
      ],
    }),
  });
  return {
    setValue(value) {
      if (view.state.doc.toString() !== value) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
      }
    },
    setSchema(schema) {
      view.dispatch({ effects: languageSlot.reconfigure(language(schema)) });
    },
    setError(error) {
      const diagnostics: Diagnostic[] = [];
      if (error && error.position !== undefined) {
        const text = view.state.doc.toString();
        const from = Math.min(error.position, text.length);
        const wordEnd = /^[^\s,;()]*/.exec(text.slice(from))?.[0].length ?? 0;
        diagnostics.push({
          from,
          to: Math.min(text.length, from + Math.max(1, wordEnd)),
          severity: 'error',
          message: error.message,
        });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    destroy: () => view.destroy(),
  };
}
