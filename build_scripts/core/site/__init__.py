"""The intranet site: every issued draft (HTML, PDF), the redlines, a home page.

``python -m build_scripts.cli.site`` (``make site``) works from the register
``source_data/ban_du_thao.yaml``: each issued commit is checked out into a
temporary ``git worktree`` and built with that commit's own build code
(``builds``); results are cached by commit hash. ``assemble`` lays out the
site: ``/du-thao-lan-N/``, ``/moi-nhat/``, ``/so-sanh/``, ``/index.html``. ``editions`` makes it
twice: the readers' edition at the root, the committee's (with its notes) in ``/to-bien-tap/``;
``accounts`` writes who may read which (``make nguoi-dung``, nginx's basic auth).
"""
