// What the CLI reads at most, in one place (listed in the README's CLI section). Above these a
// file gets one line and the run goes on: memory stays bounded whatever the folder holds.

/**
 * The largest note (.md, .tex, any file named on the command line) read, in bytes. About
 * 20,000 lines of prose and math, five times what the editor checks on its own thread; the
 * core's cost grows with the text (about 0.5 GB per MB of one-line math before its budgets).
 */
export const MAX_NOTE_BYTES = 1024 * 1024;

/**
 * The largest total of a notebook's markdown cell sources, in bytes of its JSON. A notebook's
 * outputs (images, logs) are streamed past and never held, whatever they weigh.
 */
export const MAX_NOTEBOOK_MARKDOWN_BYTES = MAX_NOTE_BYTES;

/**
 * The largest text handed to the core for a streamed notebook: its markdown cells plus the
 * newlines that keep every line number true. About 4 million lines of outputs; the core holds
 * an index entry per line (3 million lines: ~160 MB in all), so a bigger log stops here.
 */
export const MAX_NOTEBOOK_TEXT_CHARS = 4 * 1024 * 1024;

/** How much of a file is held at once while a notebook is streamed. */
export const READ_CHUNK_BYTES = 1024 * 1024;
