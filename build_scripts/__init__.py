"""The publishing pipeline of the Báo cáo Chính trị: data, Jinja-in-MyST, builds, checks."""
