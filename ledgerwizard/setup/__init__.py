"""Setting a shop up, without Qt: the draft being edited and its rules (``model``), and the order of the steps
(``flow``: a navigation map with a back stack). The wizard is built by walking the flow; the settings dialog
shows the same steps as sections. Tests drive both without a GUI.
"""
