"""``voicelint calibrate``: learn a style guide from replies a brand approves (CONTRACT section 12).

A preset's tone ranges are written for support writing in general, so they are wide and the tone
range rules ship off under the precision gate. A brand's own approved replies say what *its* voice
is: this package reads them (:mod:`.samples`), turns their distribution into guide values with the
evidence for each (:mod:`.learn`) and writes a commented guide that extends a preset (:mod:`.write`).
"""

from voicelint.calibrate.learn import Calibration, CalibrationError, learn
from voicelint.calibrate.samples import ChannelSample, collect_samples
from voicelint.calibrate.write import guide_yaml

__all__ = ["Calibration", "CalibrationError", "ChannelSample", "collect_samples", "guide_yaml", "learn"]
