"""Live Jupyter views of the scope store (layer L5; needs the ``notebook`` extra).

``ScopeTree`` is the tree that grows while cells run, with the inspector built in; ``EventLog``
lists get_variable outcomes with the explanation of each failure. Both are single anywidgets
whose JavaScript and CSS ship in ``scopelab/widgets/static`` (no CDN, no build step).
"""

from scopelab.widgets.event_log import EventLog
from scopelab.widgets.scope_tree import ScopeTree

__all__ = ["ScopeTree", "EventLog"]
