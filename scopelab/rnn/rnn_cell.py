"""``tf.nn.rnn_cell``: the cell classes (and ``LSTMStateTuple``) under their TF1 namespace."""

from scopelab.rnn.cell_base import LSTMStateTuple, RNNCell
from scopelab.rnn.cells import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell
from scopelab.rnn.wrappers import DeviceWrapper, DropoutWrapper, MultiRNNCell, ResidualWrapper

__all__ = ["RNNCell", "LSTMStateTuple", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
           "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper"]
