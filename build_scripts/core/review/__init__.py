"""The review round (issue 25): the comments reviewers return on an issued draft.

- :mod:`.register`: ``source_data/gop_y/lan-N/*.yaml``, one file per reviewer, one record per
  comment, read and checked with the file and line of every mistake;
- :mod:`.paragraph_map`: the paragraphs of draft N (identity -> file, line, heading, text), built
  from the commit draft N was issued from, with that commit's own code;
- :mod:`.docx_comments` and :mod:`.anchor`: the comments and tracked changes of a returned .docx and
  the paragraph of draft N each belongs to; :mod:`.intake` appends them to the register;
- :mod:`.summary`: the report "Tổng hợp, tiếp thu, giải trình ý kiến góp ý" (HTML, and MyST for the PDF);
- :mod:`.gate`: no draft is issued while a comment on an earlier one is undecided.

No Sphinx here: the PDF of the report is typeset by :mod:`build_scripts.pdf.review_report`.
"""
