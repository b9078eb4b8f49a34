"""Make the runner's fixture notebooks (two tiny stages; a failing variant)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PARAMS = ('review_dir = "review"\ncorpus_dir = "corpus"\nrun_dir = "outputs/test"\nregion = "5"\n'
          'period = "2000-2012"\nlanguage = "en"\nthreshold = 3\n')

def nb(cells):
    n = new_notebook(cells=cells)
    n.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return n

def params():
    c = new_code_cell(PARAMS)
    c.metadata["tags"] = ["parameters"]
    return c

first = nb([params(), new_markdown_cell("## Counting things"),
            new_code_cell("import pandas as pd\nfrom review_tools import writers\n"
                          "table = pd.DataFrame({'region': [region], 'threshold': [threshold]})\n"
                          "writers.write_table(table, run_dir, '01-count', 'counts.csv')\ntable")])
second = nb([params(), new_markdown_cell("## Report section\n\nThe numbers from stage one."),
             new_code_cell("from IPython.display import HTML\nfrom review_tools import writers\n"
                           "counts = writers.read_table(run_dir, '01-count', 'counts.csv')\n"
                           "import sys\nprint('progress noise', file=sys.stderr)\n"
                           "HTML(f\"<p id='region-line'>Region {counts.region[0]} threshold {counts.threshold[0]}</p>\")")])
failing = nb([params(), new_markdown_cell("## This stage fails"),
              new_code_cell("x = 1"), new_code_cell("raise ValueError('the indicator table has no column year')")])
base = "tests/data/"
nbformat.write(first, base + "run_notebooks_ok/01-count.ipynb")
nbformat.write(second, base + "run_notebooks_ok/02-report.ipynb")
nbformat.write(first, base + "run_notebooks_failing/01-count.ipynb")
nbformat.write(failing, base + "run_notebooks_failing/02-fails.ipynb")
