// Package corpus reads news articles from files, folders and standard
// input into Documents, removes web boilerplate, and splits articles into
// passages.
//
// # Streaming
//
// Stream reads the same inputs as Read and hands the documents on in
// batches, so that no more than a batch of articles is held as text:
// a first pass reads every input once (JSONL lines read and gunzipped on
// one goroutine, decoded and cleaned by workers, taken in order), applies
// the furniture rule and writes the documents to a spool file
// (Options.TempDir), keeping of each only the 64-bit hashes and word
// counts of its short lines for the corpus rule; a second pass reads the
// spool back on one goroutine, removes repeated lines and author blocks on
// workers, and calls fn, in order, from the caller's goroutine.
// Read is Stream collecting every batch, then UniqueIDs. Both give the
// same documents, skips and counts as reading everything into memory
// would; the only difference is that two distinct lines with the same
// 64-bit hash would count as one line for the corpus rule.
//
// # Inputs
//
// Read takes files, folders and "-". A folder is walked recursively in
// name order; hidden files and folders (names starting with ".") are
// ignored, files with an unsupported extension are listed in
// Corpus.Skipped ("unsupported file type .xyz"), and a folder holding no
// supported file is an error wrapping ErrNoInput. A file named directly
// with an unsupported extension is read as plain text.
//
// Only regular files are read; symbolic links to regular files are
// followed. A named pipe, device or socket given as an input is an error
// naming it and wrapping ErrNotRegular (it is never opened: a pipe would
// block, /dev/urandom never ends). Inside a folder, such entries are
// listed in Corpus.Skipped ("not a regular file (named pipe)"), and so
// are symbolic links to folders, which are not followed
// (ReasonSymlinkDir); a symbolic link to a folder named as an input is
// read as that folder. "-" reads JSONL
// from Options.Stdin (gzip-compressed JSONL too, recognised by its magic
// number). Folders listed in Options.ExcludeDirs are passed over when met
// inside an input folder and listed in Corpus.Skipped ("excluded folder");
// an input folder that is one of them is an error wrapping
// ErrExcludedInput.
// Formats, by extension (case-insensitive):
//
//	.txt .md     one article per file. ID is the file name without its
//	             extension. A first non-empty line that is a date line
//	             (see Dates) sets Date and is removed; the next non-empty
//	             line is the Title (for .md without leading and trailing
//	             "#") and is removed from Text; if no date was found, a
//	             date line right after the title is used and removed. A
//	             file of one line keeps it as both Title and Text.
//	.html .htm   one article per file, parsed with golang.org/x/net/html.
//	             <script> <style> <noscript> <nav> <footer> <aside> <form>
//	             (and <head>, <template>, <iframe>, <svg>, <button>,
//	             <select>, <object>, <embed>, <canvas>) are dropped.
//	             <p> <h1>-<h6> <blockquote> <pre> <ul> <ol> <dl> <table>
//	             <figure> <section> <article> <main> <header> <hr>
//	             <address> <details> end a paragraph (blank line); <div>
//	             <li> <tr> <td> <th> <br> <dt> <dd> <figcaption> <caption>
//	             <summary> <option> <legend> end a line. White space is
//	             collapsed except in <pre>. Title is the <title> text, else
//	             the first <h1>, less the site's name (below); that <h1>
//	             is left out of Text when the title starts with it. Date
//	             comes from a publication-date <meta>
//	             (article:published_time, date, pubdate, dc.date, ...),
//	             else the first <time datetime>, else a date line at the
//	             top of the text. URL is the <link rel=canonical> href,
//	             else <meta og:url>, when it is an absolute http or https
//	             URL. Source is the first of <meta og:site_name>,
//	             <meta application-name>, a <meta publisher> (also
//	             dc.publisher, dcterms.publisher) and URL's host without
//	             "www.". A title's last part after " | ", " - ", " – ",
//	             " — " or " · " (or its first part before one) is removed
//	             when it names the site: one of those names or the host,
//	             compared by letters and digits without case
//	             ("TrialDesk.com", "Trial Desk" for trialdesk.com).
//	             A page nested deeper than the parser accepts (512 open
//	             elements) is read tag by tag with the same rules, so its
//	             text is kept; there no end tag is implied, so a dropped
//	             element left open drops the rest of the page.
//	.jsonl       one JSON object per line; blank lines are ignored.
//	.jsonl.gz    the same, gzip-compressed.
//	.csv         RFC 4180 CSV; the first row names the columns (matched
//	             case-insensitively, a UTF-8 byte order mark ignored).
//
// JSONL keys and CSV columns are named by Options.Fields; the defaults are
// id, title, text, date, source, label and url. Other keys and columns are
// ignored. A JSONL value may be a string, a number (its decimal text:
// 12 is "12", 1e3 is "1000"), true/false (as written) or null (""); an
// array or object is a malformed record. A record without an id gets
// "BASENAME:LINE" (the file's base name and the line number, e.g.
// "news.jsonl:7"; "stdin:7" for "-"). A JSONL record without the text key
// is skipped (`no "text" field`). A CSV header without the text column is
// an error naming the file, wrapping ErrMalformed; a CSV record with a
// different number of fields from the header, or a quoting error, is
// malformed. Documents keep input order: inputs in the order given, folder
// entries by name, records by line. Origin is "path" for a file and
// "path:line" for a record.
//
// A document that names no source of its own (every .txt and .md file; a
// record without a source; a page without a site name or URL) gets the
// name of its folder directly under the input folder when
// Options.SourceFromFolder is set and it lies in one, else Options.Source.
//
// Lines are read with a bufio.Reader and have no length limit of their
// own: a JSONL line may hold up to 2×MaxDocBytes+1 MiB (room for JSON
// escapes); longer lines are skipped. A CSV record (which may span lines
// in quoted fields) has the same bound: a longer one is read past without
// being held in memory and skipped, the records after it keeping their
// line numbers; a header row over it is an error wrapping ErrMalformed.
// Either way the skip does not depend on SkipBad. The decoded text is then
// held to MaxDocBytes.
//
// # Errors and skips
//
// A missing or unreadable input is an error naming it and wrapping the
// operating-system error (errors.Is(err, fs.ErrNotExist) holds). A
// malformed JSONL line is an error "path:line: malformed JSON: ...", a
// malformed CSV record "path:line: malformed CSV: ...", both wrapping
// ErrMalformed; with Options.SkipBad they become Skips with Input
// "path:line" and that message as Reason. A corrupt gzip stream is an
// error naming the file. With Options.MaxInputBytes set, an input that
// takes the total read (file sizes on disk, decompressed bytes of gzip
// streams, bytes from stdin) over the limit is an error naming it and the
// limit, wrapping ErrTooLarge; a gzip stream is read no further than the
// limit. Skip reasons are one of:
//
//	unsupported file type .EXT          (folder entries only)
//	excluded folder                     (Options.ExcludeDirs, folder entries only)
//	looks like a README/themes file, not an article
//	                                    (ReasonNotArticle, folder entries only) a name
//	                                    starting with "readme" (any case, then nothing,
//	                                    '.', '-', '_' or ' '), or a .txt/.md file whose
//	                                    lines are all blank, '#' comments or "Name: terms"
//	                                    (a name of 1-5 words, no sentence end after the
//	                                    terms), with two theme lines or one and a comment
//	not a regular file (named pipe)     (or socket, character device, device; folder entries only)
//	symlinked folder not followed       (folder entries only)
//	binary file                         a NUL byte, or more than 30% control bytes, in the first 8 KiB
//	empty document                      no text and no title, or white space only
//	empty after boilerplate removal     only boilerplate, and no title
//
// A document with a title but no body (a news brief, or a body that was all
// boilerplate) is kept with its title as its Text.
//
//	document of N bytes exceeds the document size limit of M bytes (Options.MaxDocBytes)
//	line of N bytes exceeds the document size limit of M bytes (Options.MaxDocBytes)
//	record of N bytes exceeds the document size limit of M bytes (a CSV record over 2×M+1 MiB)
//	no "text" field                     (the configured text key)
//	no records                          a JSONL or CSV file without records
//	malformed JSON: ... / malformed CSV: ... / field "x": ...   (with SkipBad)
//
// Skipped lists inputs in the order they were read, followed by the
// documents that boilerplate removal emptied. For .txt, .md and .html
// files the size limit applies to the file. When
// every document is skipped, Read returns the Corpus with its Skipped list
// and an error wrapping ErrNoDocs.
//
// Duplicate ids are made unique in input order: the first keeps its id,
// later ones become "ID~2", "ID~3", ... (passing over ids that some other
// document already has), and each change is listed in Corpus.Renamed.
//
// # Encoding and text
//
// Bytes that are valid UTF-8 are read as UTF-8 (a byte order mark is
// dropped). Otherwise every byte is read as one Latin-1 character, per
// file for .txt, .md and .html, per line for JSONL and per record for CSV;
// bytes 0x80-0x9F, unused control codes in Latin-1, are read as their
// Windows-1252 punctuation (’ “ ” – — € ...), as browsers do. Nothing is
// dropped for being badly encoded. Texts are then cleaned: "\r\n" and "\r"
// become "\n"; no-break and other Unicode spaces become " "; control
// characters other than tab, and zero-width characters, are removed;
// trailing space is trimmed from each line; leading and trailing blank
// lines are removed and runs of blank lines become one blank line.
// Ids, titles, dates, sources and labels are put on one line: control and
// zero-width characters are removed and white space is collapsed, so no
// field can carry a terminal escape sequence into a message or report. An
// id made from a file name that is not UTF-8 is read as Latin-1.
//
// # Dates
//
// A date expression is MM/DD/YYYY (DD/MM/YYYY when the first number is
// above 12), YYYY-MM-DD (including RFC 3339 timestamps), "March 23, 2015"
// or "Mar. 23 2015", "23 March 2015" and D-MON-YYYY ("26-FEB-1987"), with
// an optional weekday before it and an optional time ("02:31", "11:27 AM",
// "15:02:20.00") and zone ("EDT", "Z", "+02:00") after it. A date line is
// a line holding only a date expression, optionally introduced by
// "Posted", "Published", "Updated", "Date" and the like, optionally
// followed by a separator and a second "Updated ..." date, as in
// "03/23/2015 02:31 EDT | Updated 05/23/2015 05:59 EDT". The first date
// becomes Date as 2006-01-02 (the time and zone are not used). A JSONL or
// CSV date that is one date expression is normalised the same way; any
// other value is kept as written.
//
// # Boilerplate
//
// Unless Options.KeepBoilerplate is set, three rules remove web furniture
// from Text (titles are left alone), in this order:
//
// 1. Furniture (Corpus.Removed["furniture"]). A built-in table matches
// each line, white space collapsed, mostly case-insensitively. A line that
// starts with a lower-case letter is never furniture (it is the end of a
// sentence wrapped across lines). A matched line is removed, or, for
// widget labels glued to the next headline by scraping ("Sponsored
// contentNATO moves to ...", "Photo gallery 10 Faces Of Al Qaeda See
// GalleryHarper to talk ..."), only the label is cut. The rules:
//
//   - ad slot: "Story continues below advertisement", "Article continues
//     after this ad".
//   - ad label: a line "Advertisement".
//   - sponsored widget: "Sponsored content", "Sponsored links", "Promoted
//     stories", "Paid post", "Partner content", "From our partners",
//     "Recommended for you", "You may also like", "Trending now", "Most
//     popular", "More from X": removed as a line, or cut when the next
//     headline is glued on without a space.
//   - cross-link: lines starting "READ MORE:", "Read also:", "See also:",
//     "Related:", "Related stories:", "More:", "WATCH:", "LISTEN:" (up to
//     40 words).
//   - also on: "Also on HuffPost" (one to three words after "Also on").
//   - link list heading: "Related stories", "More on this story", "Top
//     news" and the like.
//   - gallery widget: "Photo gallery ... See Gallery" (also image, video
//     and slideshow galleries, "See all"), cut through "See Gallery"
//     whatever follows.
//   - gallery heading: a line "Photo gallery", "Photos", "Video".
//   - photo credit: "Photo: ...", "Image credit: ..." (up to 14 words).
//   - sign-up button: "Sign up now", "Subscribe today", "Sign up for our
//     newsletter" (up to 12 words).
//   - newsletter pitch: lines up to 25 words mentioning newsletters and
//     delivery or inboxes: "A variety of newsletters you'll love,
//     delivered straight to you.", "Get our morning newsletter".
//   - newsletter tagline: "Add some “good” to your morning and evening."
//   - comment policy: "To encourage thoughtful and respectful
//     conversations ...".
//   - comment terms: "By submitting a comment, you accept ...".
//   - comment status: "Comments on this story are moderated ...",
//     "Comments are closed".
//   - membership pitch: "Become a CBC Member", "Become a subscriber".
//   - join the conversation: "Join the conversation Create account",
//     "Join the discussion" (up to 10 words).
//   - account prompt: lines made only of "Already have an account?",
//     "Create account", "Log in", "Sign in", "Sign up", "Register" and the
//     like.
//   - share buttons: lines made only of "Share", "Tweet", "Email",
//     "Print", "Comments", "Facebook", "Twitter", "LinkedIn" ...
//   - copyright: "© 2015 ...", "Copyright 2020 ...", "(c) 1993 ...",
//     "Copyright by ...", and lines of up to 25 words with "All rights
//     reserved".
//   - byline: "By Murray Brewster", "By Jane Doe, CBC News", "BY DEE DEE
//     MYERS" ("By" capitalised, two to four capitalised words, optionally
//     an agency after a comma or dash).
//   - date line: a line that is a date line (see Dates).
//   - caption: a line of up to 60 words ending, after its sentence, in a
//     photo credit: "(Ryan Remiorz/The Canadian Press)", "Chris Young /
//     The Canadian Press", "(AP Photo/Evan Vucci)", "(Getty Images)". The
//     credit is a person's name (two or three mixed-case words) or a wire
//     tag (AP, CP, AFP, EPA, Reuters, Bloomberg, Getty Images, Canadian or
//     Associated Press, optionally with "Photo"), a slash, and one to five
//     capitalised words. A line just before a caption that the caption
//     starts with (the same caption from the image's alt text) is removed
//     with it.
//
// 2. Repeated lines (Corpus.Removed["repeated"]). With n documents left,
// n >= 5, a line of at most 40 words that occurs, after white-space
// normalisation, in at least max(RepeatMinDocs, ceil(n/100)) documents
// (each document counted once) is removed from every document. This takes
// away a site's own furniture that the table does not know, and sign-offs
// such as Reuters' "REUTER".
//
// 3. Author block (counted as "furniture"). At the end of a text, a
// paragraph that is only a person's name (two or three mixed-case words),
// followed by a role line (up to 12 words, not ending like a sentence,
// such as "Senior reporter, defence and security") and/or a biography
// starting with the name, its first or its last word and "is", "was",
// "has been", "covers", "writes", "reports" or "joined" ("Murray Brewster
// is senior defence writer for CBC News ..."), with at most three more
// lines of biography and nothing after, is removed. Without a biography
// the role line must name a role (reporter, writer, correspondent,
// editor, columnist, producer, host, ...). A last paragraph that is such a
// biography on its own ("Jane Doe is a reporter for ...") is removed too.
//
// Corpus.Removed counts lines removed or cut by each rule. Documents left
// with no text are skipped ("empty after boilerplate removal").
//
// # Paragraphs
//
// Paragraphs splits documents into passages; see its doc comment.
package corpus
